import { mountApp } from '../console/mount-app.js';
import { AdminApp } from './AdminApp.js';
import { ADMIN_CSS } from './styles.js';
import { WEBHOOKS_CSS } from './webhooks/styles.js';

mountApp(AdminApp, ADMIN_CSS + WEBHOOKS_CSS);
