'use client';

import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { ImagePurpose } from '@/server/storage/images';

export type UploadedImage = { key: string; url: string };

const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Uploads images to POST /uploads one by one, showing progress, and keeps their keys in
 * order: move left or right, remove. The server checks each file's bytes (jpg/png/webp,
 * ≤ 5 MiB); a refused file is named with the reason and the others still go up.
 */
export function ImageUploader({
  id,
  label,
  images,
  onChange,
  capacity,
  purpose = 'product',
  single = false,
}: {
  id: string;
  label: string;
  images: UploadedImage[];
  onChange: (images: UploadedImage[]) => void;
  /** How many more may be added (the 20-per-product limit is shared by main and detail images). */
  capacity: number;
  purpose?: ImagePurpose;
  single?: boolean;
}) {
  const t = useTranslations('catalog.upload');
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [errors, setErrors] = useState<string[]>([]);

  async function upload(files: File[]) {
    const room = single ? 1 : capacity;
    const accepted = files.slice(0, room);
    const problems = files.length > room ? [t('tooMany', { max: room })] : [];
    const added: UploadedImage[] = [];
    setProgress({ done: 0, total: accepted.length });
    for (const [i, file] of accepted.entries()) {
      if (file.size > MAX_BYTES) {
        problems.push(t('tooLarge', { name: file.name }));
      } else {
        const body = new FormData();
        body.append('file', file);
        body.append('purpose', purpose);
        try {
          const response = await fetch('/uploads', { method: 'POST', body });
          const json = (await response.json()) as UploadedImage & { error?: { code: string; details?: { reason?: string } } };
          if (response.ok) added.push({ key: json.key, url: json.url });
          else if (json.error?.code === 'PAYLOAD_TOO_LARGE') problems.push(t('tooLarge', { name: file.name }));
          else if (json.error?.details?.reason === 'type') problems.push(t('badType', { name: file.name }));
          else problems.push(t('failed', { name: file.name }));
        } catch {
          problems.push(t('failed', { name: file.name }));
        }
      }
      setProgress({ done: i + 1, total: accepted.length });
    }
    setProgress(null);
    setErrors(problems);
    onChange(single ? added.slice(0, 1) : [...images, ...added]);
  }

  const move = (from: number, to: number) => {
    const next = [...images];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item);
    onChange(next);
  };

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2" data-testid={`${id}-list`}>
        {images.map((img, i) => (
          <figure key={img.key} className="group relative h-24 w-24 overflow-hidden rounded-md border border-slate-200 bg-slate-50">
            {/* eslint-disable-next-line @next/next/no-img-element -- uploads are served by our own route, already sized */}
            <img src={img.url} alt={`${label} ${i + 1}`} className="h-full w-full object-cover" />
            <figcaption className="absolute inset-x-0 bottom-0 flex justify-between bg-black/50 px-1 text-xs text-white opacity-0 transition-opacity group-hover:opacity-100 group-focus-within:opacity-100">
              {!single && (
                <button type="button" aria-label={t('moveLeft')} disabled={i === 0} onClick={() => move(i, i - 1)}>
                  ◀
                </button>
              )}
              <button type="button" aria-label={t('remove')} onClick={() => onChange(images.filter((_, j) => j !== i))}>
                ✕
              </button>
              {!single && (
                <button type="button" aria-label={t('moveRight')} disabled={i === images.length - 1} onClick={() => move(i, i + 1)}>
                  ▶
                </button>
              )}
            </figcaption>
          </figure>
        ))}
      </div>
      <div className="flex items-center gap-3">
        <input
          ref={input}
          id={id}
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple={!single}
          className="sr-only"
          aria-label={label}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length) void upload(files);
          }}
        />
        <Button variant="secondary" size="sm" disabled={progress !== null || (!single && capacity <= 0)} onClick={() => input.current?.click()}>
          {single && images.length ? t('replace') : t('choose')}
        </Button>
        <span className="text-xs text-slate-500" aria-live="polite">
          {progress ? t('progress', { done: progress.done, total: progress.total }) : t('hint')}
        </span>
      </div>
      {errors.length > 0 && (
        <ul role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
