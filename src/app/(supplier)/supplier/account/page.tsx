export { default } from '@/components/portal/account-page';
