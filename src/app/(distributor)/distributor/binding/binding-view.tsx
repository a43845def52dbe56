'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { BindingEditor } from '@/components/distributors/binding-editor';
import { CredentialsPanel } from '@/components/distributors/credentials-panel';
import { curlExample, nodeExample } from '@/components/distributors/signing-examples';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorMessage } from '@/components/ui/error-message';
import { DataTable } from '@/components/ui/table';
import { useTRPC } from '@/lib/trpc/client';

const HEADERS = ['X-Distributor-Code', 'X-App-Key', 'X-Timestamp', 'X-Nonce', 'X-Signature'] as const;

function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="relative">
      <div className="absolute right-2 top-2">
        <CopyButton text={code} label={label} />
      </div>
      <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 pr-20 text-xs leading-relaxed text-slate-100" data-testid={`example-${label}`}>
        <code>{code}</code>
      </pre>
    </div>
  );
}

/** Everything a mall's developer needs to connect: credentials, addresses, and how to sign. */
export function BindingView() {
  const t = useTranslations('distributors');
  const trpc = useTRPC();
  const binding = useQuery(trpc.distributor.binding.get.queryOptions());
  const [tab, setTab] = useState<'curl' | 'node'>('curl');
  const b = binding.data;
  if (!b) return <ErrorMessage error={binding.error} />;
  const params = { hubUrl: b.hubUrl, code: b.code, appKey: b.appKey };

  return (
    <div className="flex flex-col gap-5">
      <div className="grid gap-5 lg:grid-cols-2">
        <Card title={t('detail.credentials')}>
          <CredentialsPanel credentials={b} />
          <p className="mt-3 text-xs text-slate-500">{t('bindingPage.rateLimit', { perSecond: b.rateLimitPerSecond, burst: b.rateLimitBurst })}</p>
        </Card>
        <Card title={t('detail.binding')}>
          <BindingEditor key={b.ipWhitelist.join() + b.callbackUrl} callbackUrl={b.callbackUrl} ipWhitelist={b.ipWhitelist} />
        </Card>
      </div>
      <Card
        title={t('signing.title')}
        actions={
          <a href="/docs/open-api" target="_blank" rel="noreferrer" className="text-sm text-brand-700 hover:underline">
            {t('signing.fullReference')}
          </a>
        }
      >
        <div className="flex flex-col gap-4 text-sm">
          <p className="text-slate-700">{t('signing.intro')}</p>
          <DataTable
            rows={[...HEADERS]}
            rowKey={(h) => h}
            empty=""
            columns={[
              { key: 'header', header: t('signing.header'), cell: (h) => <code className="font-mono text-xs">{h}</code> },
              { key: 'value', header: t('signing.value'), cell: (h) => t(`signing.headers.${h}`) },
            ]}
          />
          <div>
            <p className="mb-2 text-slate-700">{t('signing.stringToSign')}</p>
            <pre className="rounded-md bg-slate-100 p-3 font-mono text-xs">{'METHOD\nPATH_AND_QUERY\nTIMESTAMP\nNONCE\nBODY_SHA256'}</pre>
            <ul className="mt-2 list-disc pl-5 text-slate-600">
              <li>{t('signing.rules.joined')}</li>
              <li>{t('signing.rules.path')}</li>
              <li>{t('signing.rules.body')}</li>
              <li>{t('signing.rules.hmac')}</li>
              <li>{t('signing.rules.clock')}</li>
              <li>{t('signing.rules.nonce')}</li>
              <li>{t('signing.rules.ip')}</li>
            </ul>
          </div>
          <div>
            <div className="mb-2 flex gap-1" role="tablist">
              {(['curl', 'node'] as const).map((k) => (
                <button
                  key={k}
                  role="tab"
                  aria-selected={tab === k}
                  onClick={() => setTab(k)}
                  className={`rounded-md px-3 py-1 text-xs font-medium ${tab === k ? 'bg-brand-600 text-white' : 'bg-slate-100 text-slate-700 hover:bg-slate-200'}`}
                >
                  {t(`signing.tab.${k}`)}
                </button>
              ))}
            </div>
            {tab === 'curl' ? <CodeBlock code={curlExample(params)} label="curl" /> : <CodeBlock code={nodeExample(params)} label="node" />}
            <p className="mt-2 text-xs text-slate-500">{t('signing.secretNote')}</p>
          </div>
          <p className="text-slate-600">
            {t.rich('signing.webhooks', { code: (chunks) => <code className="text-xs">{chunks}</code> })}{' '}
            <a href={`${b.baseUrl}/openapi.json`} className="text-brand-700 underline" target="_blank" rel="noreferrer">
              <code>openapi.json</code>
            </a>
          </p>
        </div>
      </Card>
    </div>
  );
}
