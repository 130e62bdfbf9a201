import { OperatorGate } from '../console/OperatorGate.js';
import { SignedIn } from './SignedIn.js';

/** `/admin`: the sign-in form, then the console of the signed-in operator. */
export const AdminApp = () => <OperatorGate title="Parley admin" App={SignedIn} />;
