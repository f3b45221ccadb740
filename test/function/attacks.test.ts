import { describeAttacks } from './attacks-suite.ts';

describeAttacks('SQLite');
