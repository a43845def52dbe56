import { NotBuiltYet } from '@/components/portal/not-built-yet';

export default function Page() {
  return <NotBuiltYet section="audit" />;
}
