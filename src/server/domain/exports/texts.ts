import enFinance from '../../../../messages/en/finance.json';
import enOrders from '../../../../messages/en/orders.json';
import enSettlement from '../../../../messages/en/settlement.json';
import enWallet from '../../../../messages/en/wallet.json';
import zhFinance from '../../../../messages/zh-CN/finance.json';
import zhOrders from '../../../../messages/zh-CN/orders.json';
import zhSettlement from '../../../../messages/zh-CN/settlement.json';
import zhWallet from '../../../../messages/zh-CN/wallet.json';
import { chinaDay } from '@/lib/china-time';

export type ExportLocale = 'zh-CN' | 'en';

/** The words of an export, in the language of the person downloading it (the portals' own texts). */
export function exportTexts(locale: ExportLocale) {
  const [finance, wallet, orders, settlement] = locale === 'en' ? [enFinance, enWallet, enOrders, enSettlement] : [zhFinance, zhWallet, zhOrders, zhSettlement];
  return { ...finance.export, ledgerKind: wallet.kind, orderStatus: orders.status, orderSandbox: orders.sandbox, billStatus: settlement.status };
}

export type ExportTexts = ReturnType<typeof exportTexts>;

/** Today's date in China, for file names. */
export function todayStamp(): string {
  return chinaDay();
}
