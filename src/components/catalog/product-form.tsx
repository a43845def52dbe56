'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field, Input, Select } from '@/components/ui/input';
import { formatFen, parseYuan } from '@/lib/money';
import { useTRPC } from '@/lib/trpc/client';
import { CategoryOptions } from './category-options';
import { ImageUploader, type UploadedImage } from './image-uploader';

const MAX_IMAGES = 20;

export type ProductFormValues = {
  skuCode: string;
  title: string;
  categoryId: number;
  brandId: number;
  attributes: { name: string; value: string }[];
  images: string[];
  detailImages: string[];
  imageUrls: string[];
  detailImageUrls: string[];
  stock: number;
  minQuantity: number;
  freight: number;
  costPrice: number;
  supplyPrice: number | null;
  supplierCostPrice: number | null;
};

export type ProductFormPayload = Omit<ProductFormValues, 'imageUrls' | 'detailImageUrls' | 'supplyPrice' | 'supplierCostPrice'> & {
  supplyPrice: number;
  supplierCostPrice: number | null;
  status: 'on_sale' | 'off_shelf';
};

type Option = { id: number; name: string; parentId?: number | null; status: string };

const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : formatFen(fen, { grouping: false }));
const zip = (keys: string[] = [], urls: string[] = []): UploadedImage[] => keys.map((key, i) => ({ key, url: urls[i] ?? '' }));

/**
 * The product form of both portals. Staff (`platform`) set cost and supply price and, for a
 * new product, whether it goes on sale; a supplier sets its supply price (what the platform
 * pays it) and its own cost, which only it sees, and saves a draft or submits for review.
 */
export function ProductForm({
  mode,
  initial,
  categories,
  brands,
  showStock,
  showStatus,
  pending,
  error,
  onSubmit,
}: {
  mode: 'platform' | 'supplier';
  initial?: Partial<ProductFormValues>;
  categories: (Option & { parentId: number | null })[];
  brands: Option[];
  showStock: boolean;
  showStatus: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (payload: ProductFormPayload, options: { submit: boolean }) => void;
}) {
  const t = useTranslations('catalog.form');
  const common = useTranslations('common');
  const trpc = useTRPC();
  const [categoryId, setCategoryId] = useState<number | ''>(initial?.categoryId ?? '');
  const [brandId, setBrandId] = useState<number | ''>(initial?.brandId ?? '');
  const [attributes, setAttributes] = useState<Record<string, string>>(Object.fromEntries((initial?.attributes ?? []).map((a) => [a.name, a.value])));
  const [images, setImages] = useState<UploadedImage[]>(zip(initial?.images, initial?.imageUrls));
  const [detailImages, setDetailImages] = useState<UploadedImage[]>(zip(initial?.detailImages, initial?.detailImageUrls));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const pair = categoryId && brandId ? { categoryId, brandId } : null;
  const platformAttributes = useQuery(trpc.admin.products.attributesFor.queryOptions(pair ?? { categoryId: 1, brandId: 1 }, { enabled: mode === 'platform' && !!pair }));
  const supplierAttributes = useQuery(trpc.supplier.products.attributesFor.queryOptions(pair ?? { categoryId: 1, brandId: 1 }, { enabled: mode === 'supplier' && !!pair }));
  const applicable = (mode === 'platform' ? platformAttributes.data : supplierAttributes.data) ?? [];

  function submit(e: FormEvent<HTMLFormElement>, submitForReview: boolean) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const problems: Record<string, string> = {};
    const money = (name: string, optional = false) => {
      const raw = text(name);
      if (!raw && optional) return null;
      const fen = parseYuan(raw);
      if (fen === null || fen < 0) problems[name] = t('invalidMoney');
      return fen ?? 0;
    };
    const whole = (name: string, min: number) => {
      const n = Number(text(name));
      if (!Number.isInteger(n) || n < min) problems[name] = t('invalidWhole', { min });
      return n;
    };
    if (!categoryId) problems.categoryId = t('required');
    if (!brandId) problems.brandId = t('required');
    const payload: ProductFormPayload = {
      skuCode: text('skuCode'),
      title: text('title'),
      categoryId: Number(categoryId),
      brandId: Number(brandId),
      attributes: applicable.filter((a) => attributes[a.name]?.trim()).map((a) => ({ name: a.name, value: attributes[a.name].trim() })),
      images: images.map((i) => i.key),
      detailImages: detailImages.map((i) => i.key),
      stock: showStock ? whole('stock', 0) : (initial?.stock ?? 0),
      minQuantity: whole('minQuantity', 1),
      freight: money('freight') ?? 0,
      costPrice: money('costPrice') ?? 0,
      supplyPrice: mode === 'platform' ? (money('supplyPrice') ?? 0) : 0,
      supplierCostPrice: mode === 'supplier' ? money('supplierCostPrice', true) : null,
      status: form.get('status') === 'on_sale' ? 'on_sale' : 'off_shelf',
    };
    setLocalErrors(problems);
    if (Object.keys(problems).length === 0) onSubmit(payload, { submit: submitForReview });
  }

  const used = images.length + detailImages.length;
  const submitter = (e: FormEvent<HTMLFormElement>) => {
    const native = e.nativeEvent as SubmitEvent;
    submit(e, (native.submitter as HTMLButtonElement | null)?.value === 'submit');
  };

  return (
    <form onSubmit={submitter} className="grid gap-5 xl:grid-cols-[1fr_24rem]" noValidate>
      <div className="flex flex-col gap-5">
        <Card title={t('basics')}>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t('skuCode')} htmlFor="skuCode" hint={t('skuHint')}>
              <Input id="skuCode" name="skuCode" defaultValue={initial?.skuCode} required maxLength={64} autoComplete="off" />
            </Field>
            <Field label={t('title')} htmlFor="title">
              <Input id="title" name="title" defaultValue={initial?.title} required maxLength={200} />
            </Field>
            <Field label={t('category')} htmlFor="categoryId" error={localErrors.categoryId}>
              <Select id="categoryId" value={categoryId} onChange={(e) => setCategoryId(e.target.value ? Number(e.target.value) : '')} required>
                <option value="">{t('choose')}</option>
                <CategoryOptions categories={categories} disabledLabel={common('disabled')} />
              </Select>
            </Field>
            <Field label={t('brand')} htmlFor="brandId" error={localErrors.brandId}>
              <Select id="brandId" value={brandId} onChange={(e) => setBrandId(e.target.value ? Number(e.target.value) : '')} required>
                <option value="">{t('choose')}</option>
                {brands.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                    {b.status === 'disabled' ? ` (${common('disabled')})` : ''}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          {mode === 'supplier' && categories.length === 0 && <p className="mt-3 text-sm text-amber-700">{t('noAssignments')}</p>}
        </Card>

        <Card title={t('attributes')}>
          {!pair ? (
            <p className="text-sm text-slate-500">{t('attributesFirst')}</p>
          ) : applicable.length === 0 ? (
            <p className="text-sm text-slate-500">{t('noAttributes')}</p>
          ) : (
            <div className="grid gap-4 sm:grid-cols-2">
              {applicable.map((a) => (
                <Field key={a.name} label={a.name} htmlFor={`attr-${a.name}`}>
                  {a.values.length ? (
                    <Select id={`attr-${a.name}`} value={attributes[a.name] ?? ''} onChange={(e) => setAttributes({ ...attributes, [a.name]: e.target.value })}>
                      <option value="">{t('none')}</option>
                      {a.values.map((v) => (
                        <option key={v} value={v}>
                          {v}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    <Input id={`attr-${a.name}`} value={attributes[a.name] ?? ''} onChange={(e) => setAttributes({ ...attributes, [a.name]: e.target.value })} maxLength={64} />
                  )}
                </Field>
              ))}
            </div>
          )}
        </Card>

        <Card title={t('images', { used, max: MAX_IMAGES })}>
          <div className="flex flex-col gap-5">
            <Field label={t('mainImages')}>
              <ImageUploader id="images" label={t('mainImages')} images={images} onChange={setImages} capacity={MAX_IMAGES - used} />
            </Field>
            <Field label={t('detailImages')} hint={t('detailHint')}>
              <ImageUploader id="detailImages" label={t('detailImages')} images={detailImages} onChange={setDetailImages} capacity={MAX_IMAGES - used} />
            </Field>
          </div>
        </Card>
      </div>

      <div className="flex flex-col gap-5">
        <Card title={t('pricesAndStock')}>
          <div className="flex flex-col gap-4">
            {mode === 'platform' ? (
              <>
                <Field label={t('costPrice')} htmlFor="costPrice" hint={t('costHint')} error={localErrors.costPrice}>
                  <Input id="costPrice" name="costPrice" inputMode="decimal" defaultValue={yuan(initial?.costPrice)} required />
                </Field>
                <Field label={t('supplyPrice')} htmlFor="supplyPrice" hint={t('supplyHint')} error={localErrors.supplyPrice}>
                  <Input id="supplyPrice" name="supplyPrice" inputMode="decimal" defaultValue={yuan(initial?.supplyPrice)} required />
                </Field>
              </>
            ) : (
              <>
                <Field label={t('mySupplyPrice')} htmlFor="costPrice" hint={t('mySupplyHint')} error={localErrors.costPrice}>
                  <Input id="costPrice" name="costPrice" inputMode="decimal" defaultValue={yuan(initial?.costPrice)} required />
                </Field>
                <Field label={t('myCostPrice')} htmlFor="supplierCostPrice" hint={t('myCostHint')} error={localErrors.supplierCostPrice}>
                  <Input id="supplierCostPrice" name="supplierCostPrice" inputMode="decimal" defaultValue={yuan(initial?.supplierCostPrice)} />
                </Field>
              </>
            )}
            <Field label={t('freight')} htmlFor="freight" hint={t('freightHint')} error={localErrors.freight}>
              <Input id="freight" name="freight" inputMode="decimal" defaultValue={yuan(initial?.freight ?? 0)} />
            </Field>
            <Field label={t('minQuantity')} htmlFor="minQuantity" error={localErrors.minQuantity}>
              <Input id="minQuantity" name="minQuantity" type="number" min={1} step={1} defaultValue={initial?.minQuantity ?? 1} />
            </Field>
            {showStock && (
              <Field label={t('stock')} htmlFor="stock" error={localErrors.stock}>
                <Input id="stock" name="stock" type="number" min={0} step={1} defaultValue={initial?.stock ?? 0} />
              </Field>
            )}
            {showStatus && (
              <fieldset className="flex flex-col gap-1">
                <legend className="text-sm font-medium text-slate-700">{t('initialStatus')}</legend>
                <label className="flex items-center gap-2 text-sm">
                  <input type="radio" name="status" value="on_sale" defaultChecked /> {t('putOnSale')}
                </label>
                <label className="flex items-center gap-2 text-sm">
                  <input type="radio" name="status" value="off_shelf" /> {t('keepOffShelf')}
                </label>
              </fieldset>
            )}
          </div>
        </Card>
        <ErrorMessage error={error} />
        <div className="flex flex-wrap gap-2">
          {mode === 'platform' ? (
            <Button type="submit" value="save" disabled={pending}>
              {pending ? common('saving') : common('save')}
            </Button>
          ) : (
            <>
              <Button type="submit" value="submit" disabled={pending}>
                {t('submitForReview')}
              </Button>
              <Button type="submit" value="draft" variant="secondary" disabled={pending}>
                {t('saveDraft')}
              </Button>
            </>
          )}
        </div>
      </div>
    </form>
  );
}
