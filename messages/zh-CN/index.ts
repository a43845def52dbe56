import accounts from './accounts.json';
import auth from './auth.json';
import callbacks from './callbacks.json';
import catalog from './catalog.json';
import common from './common.json';
import selfTest from './console.json';
import dashboard from './dashboard.json';
import distributors from './distributors.json';
import errors from './errors.json';
import finance from './finance.json';
import integration from './integration.json';
import nav from './nav.json';
import orders from './orders.json';
import settlement from './settlement.json';
import ui from './ui.json';
import wallet from './wallet.json';

const messages = { accounts, auth, callbacks, catalog, common, console: selfTest, dashboard, distributors, errors, finance, integration, nav, orders, settlement, ui, wallet };

export default messages;
