import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { connectPostgres, returnMessageBuffer, wholeMessageSocket } from '@/server/db/connect';

/** A PostgreSQL protocol message: a type byte, then a 4-byte length counting itself and the body. */
function message(type: number, body: Buffer) {
  const out = Buffer.alloc(5 + body.length);
  out[0] = type;
  out.writeUInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
}

/** The lengths of the whole messages in `bytes`; throws if it does not end at a message's end. */
function framing(bytes: Buffer): number[] {
  const sizes: number[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = 1 + bytes.readUInt32BE(at + 1);
    if (at + size > bytes.length) throw new Error(`a message cut at ${bytes.length - at} of ${size} bytes`);
    sizes.push(size);
    at += size;
  }
  return sizes;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('reading PostgreSQL’s Unix socket in whole messages', () => {
  it('hands on every byte in order, each piece a run of whole messages, however the socket splits them', async () => {
    // Messages of every size around the reads' (64 kB): empty bodies, a page-sized one, one larger than a read buffer.
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const bodies = [0, 1, 3, 200, 65_531, 65_536, 211_000, 300_000, 4, 0, 70_000, 10];
    for (let i = 0; i < 120; i++) bodies.push(random(5) === 0 ? random(140_000) : random(300));
    const messages = bodies.map((size, i) => message(65 + (i % 26), Buffer.alloc(size, i % 251)));
    const stream = Buffer.concat(messages);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'whole-messages-'));
    dirs.push(dir);
    const socketPath = path.join(dir, 'pg.sock');
    // The server writes the stream in pieces of random sizes (1 byte to 100 kB), some apart in time,
    // so that reads end inside a message's head, inside its body and between messages.
    const server = net.createServer(async (peer) => {
      let at = 0;
      while (at < stream.length) {
        const size = random(4) === 0 ? 1 + random(4) : 1 + random(100_000);
        const ok = peer.write(stream.subarray(at, at + size));
        at += size;
        if (!ok) await new Promise((resolve) => peer.once('drain', resolve));
        if (random(3) === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      peer.end();
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const socket = await wholeMessageSocket(socketPath);
      const pieces: Buffer[] = [];
      socket.on('data', (piece: Buffer) => pieces.push(piece));
      await new Promise((resolve) => socket.once('end', resolve));
      socket.destroy();

      expect(Buffer.concat(pieces).equals(stream)).toBe(true);
      expect(pieces.flatMap(framing)).toEqual(messages.map((m) => m.length));
      // A message larger than a read is handed on in one piece of its own size.
      expect(pieces.some((piece) => piece.length === 5 + 300_000)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('reads large messages into buffers used again once given back, never one lent twice at a time', async () => {
    // The server sends its next message each time the client asks (one byte), in pieces, so that
    // what the client gave back before asking is all the pool has.
    const sizes = [200_000, 150_000, 220_000, 90_000, 200_000, 200_000, 1_000, 300_000, 200_000];
    const messages = sizes.map((size, i) => message(65 + i, Buffer.alloc(size, 1 + i)));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'message-buffers-'));
    dirs.push(dir);
    const socketPath = path.join(dir, 'pg.sock');
    const server = net.createServer((peer) => {
      let next = 0;
      peer.on('data', async (asks: Buffer) => {
        for (let i = 0; i < asks.length; i++) {
          const bytes = messages[next++];
          for (let at = 0; at < bytes.length; at += 50_000) {
            peer.write(bytes.subarray(at, at + 50_000));
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    const socket = await wholeMessageSocket(socketPath);
    const arrived: Buffer[] = [];
    socket.on('data', (piece: Buffer) => arrived.push(piece));
    const ask = async () => {
      const before = arrived.length;
      socket.write('?');
      await vi.waitFor(() => expect(arrived.length).toBe(before + 1));
      return arrived[before];
    };
    const holds = (piece: Buffer, i: number) => piece.equals(messages[i]);
    try {
      const first = await ask();
      expect(holds(first, 0)).toBe(true);
      returnMessageBuffer(first);
      // Given back: the next large message is read into the same memory.
      const second = await ask();
      expect(holds(second, 1)).toBe(true);
      expect(second.buffer).toBe(first.buffer);
      // Still lent: the next one gets other memory, and the one lent keeps its bytes.
      const third = await ask();
      expect(holds(third, 2)).toBe(true);
      expect(third.buffer).not.toBe(second.buffer);
      expect(holds(second, 1)).toBe(true);
      // Given back twice, it is still lent to one message at a time.
      returnMessageBuffer(second);
      returnMessageBuffer(second);
      const fourth = await ask();
      const fifth = await ask();
      expect([holds(fourth, 3), holds(fifth, 4)]).toEqual([true, true]);
      expect(fourth.buffer).not.toBe(fifth.buffer);
      // Memory that is not the pool's (a small message, any other buffer) is never taken into it.
      returnMessageBuffer(Buffer.alloc(250_000));
      returnMessageBuffer(third);
      const sixth = await ask();
      expect(holds(sixth, 5)).toBe(true);
      expect(sixth.buffer).toBe(third.buffer);
      const small = await ask();
      expect(holds(small, 6)).toBe(true);
      returnMessageBuffer(small);
      // A message larger than any buffer given back gets one of its own size, rounded up to a read's.
      returnMessageBuffer(fourth);
      const large = await ask();
      expect(holds(large, 7)).toBe(true);
      expect(large.buffer).not.toBe(fourth.buffer);
      expect(large.buffer.byteLength).toBe(Math.ceil(large.length / 65_536) * 65_536);
      const last = await ask();
      expect(holds(last, 8)).toBe(true);
      expect(last.buffer).toBe(fourth.buffer);
    } finally {
      socket.destroy();
      server.close();
    }
  });

  it('refuses the connection when nothing listens there', async () => {
    await expect(wholeMessageSocket(path.join(os.tmpdir(), `no-such-${process.pid}`, 'pg.sock'))).rejects.toThrow(/ENOENT/);
  });

  it('carries queries and their answers through the real database unchanged: large values, many rows, errors', async () => {
    const url = process.env.DATABASE_URL!;
    const sql = connectPostgres(url, { max: 2, onnotice: () => {} });
    try {
      if (new URL(url).searchParams.get('host')?.startsWith('/')) expect((await sql`select inet_server_addr() is null as unix`)[0].unix).toBe(true);
      const text = '充电宝 power bank, '.repeat(20_000); // 460 kB of UTF-8, larger than several reads
      const [{ echoed }] = await sql`select ${text}::text as echoed`;
      expect(echoed).toBe(text);
      const [raw] = await sql.unsafe('select repeat($1::text, 3) as page', [text], { prepare: true }).raw();
      expect((raw[0] as Buffer).toString('utf8')).toBe(text.repeat(3));
      const rows = await sql`select n, md5(n::text) as h from generate_series(1, 30000) as n`;
      expect(rows.length).toBe(30_000);
      expect(rows[29_999]).toEqual({ n: 30_000, h: (await sql`select md5('30000') as h`)[0].h });
      await expect(sql`select 1/0`).rejects.toThrow(/division by zero/);
      // Queries side by side on the two connections, each answered with its own rows.
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => sql`select ${i}::int as i, repeat('x', ${i * 3_000}) as pad`));
      answers.forEach(([row], i) => expect([row.i, row.pad.length]).toEqual([i, i * 3_000]));
    } finally {
      await sql.end();
    }
  });
});
