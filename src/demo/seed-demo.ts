import 'reflect-metadata';
import { loadConfig } from '../common/config/app-config.js';
import { seedDemoData } from './seed-demo.runner.js';

/** `npm run seed:demo`: boots the app context (runs migrations), seeds, exits. */
void seedDemoData(loadConfig());
