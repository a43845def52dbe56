import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { LocaleSwitcher } from '@/components/portal/locale-switcher';
import { Badge, Card } from '@/components/ui/card';
import { env } from '@/server/config/env';
import { errorCodes, type ErrorCode } from '@/server/domain/errors';
import { openApiDocument } from '@/server/open-api/document';
import { endpoints, type Endpoint } from '@/server/open-api/endpoints';
import { fieldRows, typeOf, type FieldRow } from './schema-rows';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('integration.docs');
  return { title: t('title') };
}

type Json = Record<string, unknown>;
type Operation = { parameters: { name: string; in: string; required: boolean; description?: string; schema: Json }[]; requestBody?: { content: { 'application/json': { schema: Json } } }; responses: Record<string, { content?: { 'application/json': { schema: Json } } }> };

const CONTRACT_CODES = Object.keys(errorCodes).filter((c) => c !== 'FORBIDDEN' && c !== 'CONFLICT') as ErrorCode[];
const EVENT_TYPES = ['product.updated', 'product.stock_changed', 'product.status_changed', 'order.shipped', 'order.completed', 'order.cancelled', 'order.expired', 'order.refunded', 'balance.changed'] as const;
const SIGNATURE_HEADERS = ['X-Distributor-Code', 'X-App-Key', 'X-Timestamp', 'X-Nonce', 'X-Signature'] as const;
const STRING_TO_SIGN_LINES = ['METHOD', 'PATH_AND_QUERY', 'TIMESTAMP', 'NONCE', 'BODY_SHA256'] as const;

const CLIENT_EXAMPLE = `import { MallClient } from './mall-client';

const hub = new MallClient({
  baseUrl: 'https://hub.example.com',
  distributorCode: 'D0002',
  appKey: 'ak_…',
  secret: 'sk_…',
});

for await (const product of hub.allProducts()) console.log(product.skuCode, product.stock);
const { order } = await hub.createOrder({
  mallOrderNo: 'M20261130001',
  items: [{ skuCode: 'DEMO-A', quantity: 2 }],
  receiver: { name: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 1 号' },
});
await hub.pay(order.orderNo);`;

/** The open API's reference for integrators: public, rendered from the same OpenAPI document the API serves. */
export default async function OpenApiDocsPage() {
  const t = await getTranslations('integration.docs');
  const doc = openApiDocument(env.publicBaseUrl) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };
  const components = doc.components.schemas;
  const sections = ['binding', 'signing', 'responses', 'endpoints', 'callbacks', 'limits', 'client', 'schemas'] as const;

  return (
    <main className="mx-auto max-w-5xl px-4 py-8 text-slate-800">
      <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">{t('title')}</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">{t('subtitle')}</p>
          <p className="mt-2 flex flex-wrap items-center gap-3 text-sm">
            <Badge tone="blue">{t('version')}</Badge>
            <a className="text-brand-700 underline" href="/api/open/v1/openapi.json">
              {t('downloadSpec')}
            </a>
            <a className="text-brand-700 underline" href="/docs/open-api.md">
              {t('guide')}
            </a>
          </p>
        </div>
        <LocaleSwitcher />
      </header>

      <nav aria-label={t('contents')} className="mb-6 flex flex-wrap gap-2 text-sm">
        {sections.map((s) => (
          <a key={s} href={`#${s}`} className="rounded border border-slate-200 bg-white px-2 py-1 hover:bg-slate-50">
            {t(`sections.${s}`)}
          </a>
        ))}
      </nav>

      <div className="flex flex-col gap-6">
        <Section id="binding" title={t('sections.binding')}>
          <p className="text-sm">{t('binding.intro')}</p>
          <ul className="mt-2 list-disc pl-5 text-sm">
            {[0, 1, 2, 3, 4, 5].map((i) => (
              <li key={i}>{t(`binding.items.${i}`, { baseUrl: env.publicBaseUrl })}</li>
            ))}
          </ul>
        </Section>

        <Section id="signing" title={t('sections.signing')}>
          <p className="text-sm">{t('signing.intro')}</p>
          <SimpleTable head={[t('endpoints.field'), t('endpoints.description')]} rows={SIGNATURE_HEADERS.map((h) => [<code key={h}>{h}</code>, t(`signing.headers.${h}`)])} />
          <p className="mt-3 text-sm">{t('signing.stringToSign')}</p>
          <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{STRING_TO_SIGN_LINES.join('\n')}</pre>
          <SimpleTable head={[t('endpoints.field'), t('endpoints.description')]} rows={STRING_TO_SIGN_LINES.map((l) => [<code key={l}>{l}</code>, t(`signing.lines.${l}`)])} />
          <p className="mt-3 text-sm">{t('signing.retry')}</p>
          <p className="mt-1 text-sm">{t('signing.ip')}</p>
        </Section>

        <Section id="responses" title={t('sections.responses')}>
          <p className="text-sm">{t('responses.intro')}</p>
          <SimpleTable
            head={[t('responses.status'), t('responses.code'), t('responses.meaning')]}
            rows={CONTRACT_CODES.map((code) => [String(errorCodes[code]), <code key={code}>{code}</code>, t(`responses.codes.${code}`)])}
          />
        </Section>

        <Section id="endpoints" title={t('sections.endpoints')}>
          <p className="text-sm">{t('endpoints.intro')}</p>
          <div className="mt-4 flex flex-col gap-5">
            {(Object.entries(endpoints) as [keyof typeof endpoints, Endpoint][]).map(([name, e]) => {
              const op = doc.paths[e.path][e.method];
              const params: FieldRow[] = op.parameters.map((p) => ({ field: `${p.name} (${p.in})`, type: typeOf(p.schema), required: p.required, description: p.description ?? '' }));
              const body = op.requestBody ? fieldRows(op.requestBody.content['application/json'].schema, components) : [];
              const success = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
              const responseSchema = success[0]?.[1].content?.['application/json'].schema;
              const dataSchema = responseSchema ? ((components[String(responseSchema.$ref).split('/').at(-1)!]?.properties as Json | undefined)?.data as Json | undefined) : undefined;
              return (
                <article key={name} id={name} className="rounded-lg border border-slate-200 p-4" data-testid={`endpoint-${name}`}>
                  <h3 className="flex flex-wrap items-center gap-2 font-mono text-sm">
                    <Badge tone={e.method === 'get' ? 'green' : 'blue'}>{e.method.toUpperCase()}</Badge>
                    <span>{e.path}</span>
                  </h3>
                  <p className="mt-1 text-sm font-medium">{t(`endpoints.summaries.${name}`)}</p>
                  {t.has(`endpoints.notes.${name}`) && <p className="mt-1 text-sm text-slate-600">{t(`endpoints.notes.${name}`)}</p>}
                  {params.length > 0 && <Fields title={t('endpoints.parameters')} rows={params} t={t} />}
                  {body.length > 0 && <Fields title={t('endpoints.requestBody')} rows={body} t={t} />}
                  <p className="mt-3 text-sm">
                    <span className="font-medium">{t('endpoints.response')}：</span>
                    <code className="text-xs">
                      {success.map(([s]) => s).join(' / ')} {'{"data": '}
                      {dataSchema ? typeOf(dataSchema) : '…'}
                      {Object.values(e.responses).some((r) => r.list) ? ', "nextCursor"}' : '}'}
                    </code>
                  </p>
                  <p className="mt-1 text-xs text-slate-600">
                    <span className="font-medium">{t('endpoints.errors')}：</span>
                    {e.errors.join(', ')}
                  </p>
                </article>
              );
            })}
          </div>
        </Section>

        <Section id="callbacks" title={t('sections.callbacks')}>
          <p className="text-sm">{t('callbacks.intro')}</p>
          <p className="mt-2 text-sm">{t('callbacks.retries')}</p>
          <SimpleTable head={[t('callbacks.type'), t('callbacks.data')]} rows={EVENT_TYPES.map((type) => [<code key={type}>{type}</code>, t(`callbacks.types.${type}`)])} />
        </Section>

        <Section id="limits" title={t('sections.limits')}>
          <ul className="list-disc pl-5 text-sm">
            <li>{t('limits.rate')}</li>
            <li>{t('limits.body')}</li>
            <li>{t('limits.stock', { minutes: env.orderPaymentTimeoutMinutes })}</li>
          </ul>
        </Section>

        <Section id="client" title={t('sections.client')}>
          <p className="text-sm">{t('client.intro')}</p>
          <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{CLIENT_EXAMPLE}</pre>
        </Section>

        <Section id="schemas" title={t('sections.schemas')}>
          <p className="text-sm">{t('schemas.intro')}</p>
          {['Product', 'Order', 'Receiver', 'Category', 'Brand', 'StockLevel', 'Balance', 'Event', 'Error'].map((id) => (
            <div key={id} id={`schema-${id}`} className="mt-4">
              <h3 className="font-mono text-sm font-semibold">{id}</h3>
              <Fields rows={fieldRows(components[id], components)} t={t} />
            </div>
          ))}
        </Section>
      </div>
    </main>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} className="scroll-mt-4">
      <Card title={title}>{children}</Card>
    </section>
  );
}

function SimpleTable({ head, rows }: { head: ReactNode[]; rows: ReactNode[][] }) {
  return (
    <div className="mt-2 overflow-x-auto rounded border border-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col" className="px-3 py-2 text-left text-xs font-semibold text-slate-600">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j} className="px-3 py-1.5 align-top">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Fields({ title, rows, t }: { title?: string; rows: FieldRow[]; t: Awaited<ReturnType<typeof getTranslations<'integration.docs'>>> }) {
  return (
    <div className="mt-3">
      {title && <div className="text-sm font-medium">{title}</div>}
      <SimpleTable
        head={[t('endpoints.field'), t('endpoints.type'), t('endpoints.required'), t('endpoints.description')]}
        rows={rows.map((r) => [<code key="f">{r.field}</code>, <code key="t" className="text-xs">{r.type}</code>, r.required ? t('yes') : t('no'), r.description])}
      />
    </div>
  );
}
