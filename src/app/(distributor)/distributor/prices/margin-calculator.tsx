'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Field, Input } from '@/components/ui/input';
import { formatFen, parseYuan, retailMargin } from '@/lib/money';

export type PricedProduct = { id: number; skuCode: string; title: string; agreedPrice: number; minQuantity: number };

/**
 * What a sale at the mall's retail price leaves the distributor: retail price and quantity
 * in, the agreed total paid to the hub and the margin out (docs/product.md's worked example:
 * 100.00 × 2 of product A at 5% → 21.00 and 179.00).
 */
export function MarginCalculator({ product }: { product: PricedProduct | null }) {
  const t = useTranslations('distributors');
  const [retailText, setRetailText] = useState('');
  const [quantityText, setQuantityText] = useState('');
  if (!product) return <p className="text-sm text-slate-500">{t('margin.pick')}</p>;

  const retail = parseYuan(retailText);
  const quantity = Number(quantityText || product.minQuantity);
  const valid = retail !== null && retail >= 0 && Number.isSafeInteger(quantity) && quantity > 0;
  const result = valid ? retailMargin(product.agreedPrice, retail, quantity) : null;

  return (
    <div className="flex flex-col gap-3" data-testid="margin-calculator">
      <div className="text-sm">
        <div className="font-medium">{product.title}</div>
        <div className="text-slate-500">
          <span className="font-mono">{product.skuCode}</span> · {t('prices.agreedPrice')} {formatFen(product.agreedPrice, { currency: true })}
        </div>
      </div>
      <div className="grid grid-cols-2 gap-2">
        <Field label={t('margin.retail')} htmlFor="margin-retail">
          <Input id="margin-retail" inputMode="decimal" value={retailText} onChange={(e) => setRetailText(e.target.value)} placeholder="0.00" />
        </Field>
        <Field label={t('margin.quantity')} htmlFor="margin-quantity">
          <Input id="margin-quantity" type="number" min={1} value={quantityText} onChange={(e) => setQuantityText(e.target.value)} placeholder={String(product.minQuantity)} />
        </Field>
      </div>
      {quantity < product.minQuantity && (
        <p className="text-xs text-amber-700" role="note">
          {t('margin.belowMin', { min: product.minQuantity })}
        </p>
      )}
      {result && (
        <dl className="grid grid-cols-2 gap-2 rounded-md bg-slate-50 p-3 text-sm">
          <dt className="text-slate-500">{t('margin.agreedTotal')}</dt>
          <dd className="text-right font-medium tabular-nums" data-testid="margin-agreed-total">
            {formatFen(result.agreedTotal, { currency: true })}
          </dd>
          <dt className="text-slate-500">{t('margin.retailTotal')}</dt>
          <dd className="text-right tabular-nums">{formatFen(result.retailTotal, { currency: true })}</dd>
          <dt className="text-slate-500">{t('margin.perUnit')}</dt>
          <dd className="text-right tabular-nums">{formatFen(result.marginPerUnit, { currency: true })}</dd>
          <dt className="font-medium">{t('margin.total')}</dt>
          <dd className={`text-right font-semibold tabular-nums ${result.margin < 0 ? 'text-red-700' : 'text-emerald-700'}`} data-testid="margin-total">
            {formatFen(result.margin, { currency: true })}
          </dd>
        </dl>
      )}
      {retailText && retail === null && <p className="text-xs text-red-600">{t('margin.retailInvalid')}</p>}
      <p className="text-xs text-slate-500">{t('margin.note')}</p>
    </div>
  );
}
