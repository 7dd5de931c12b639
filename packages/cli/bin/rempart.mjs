#!/usr/bin/env node
// The `rempart` command. Sources are TypeScript; tsx compiles them on load (cached).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
