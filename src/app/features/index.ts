// The feature table: every chat intent and card action duban answers, each owned by one feature.
import { binding } from './binding.js';
import { exporting } from './exporting.js';
import type { Feature } from './feature.js';
import { importing } from './importing.js';
import { leave } from './leave.js';
import { questions } from './questions.js';
import { reminders } from './reminders.js';
import { reporting } from './reporting.js';
import { reviewing } from './reviewing.js';

export const features: readonly Feature[] = [binding, leave, reporting, reviewing, questions, reminders, exporting, importing];
