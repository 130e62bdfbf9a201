// `/desk/app.js`: the agent desk.
import { mountApp } from '../console/mount-app.js';
import { DeskApp } from './DeskApp.js';
import { DESK_CSS } from './styles.js';

mountApp(DeskApp, DESK_CSS);
