import { describe, expect, test } from 'vitest';
import { Router } from '../../src/calls/router.js';

class Base {
  inherited(): string {
    return 'base';
  }
  overridden(): string {
    return 'base';
  }
}

class Arith extends Base {
  factor = 3;
  own = (x: number): number => x * this.factor;
  multiply(x: number): number {
    return x * this.factor;
  }
  override overridden(): string {
    return 'arith';
  }
  get computed(): number {
    throw new Error('getters must never be invoked by register()');
  }
}

describe('Router.register', () => {
  test('exposes own methods and the class prototype chain, nothing from Object.prototype', () => {
    const router = new Router();
    const added = router.register('Arith', new Arith());
    expect(added.sort()).toEqual(['Arith.inherited', 'Arith.multiply', 'Arith.overridden', 'Arith.own']);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'factor', 'computed', '__defineGetter__']) {
      expect(router.lookup(`Arith.${name}`), name).toBeUndefined();
    }
  });

  test('binds methods to the instance and passes the nearest override', async () => {
    const router = new Router();
    router.register('Arith', new Arith());
    const ctx = {} as never;
    expect(await router.lookup('Arith.multiply')!(5, ctx)).toBe(15);
    expect(await router.lookup('Arith.overridden')!(undefined, ctx)).toBe('arith');
  });

  test('plain objects work, and duplicates or empty services are refused', () => {
    const router = new Router();
    router.register('Echo', { echo: (x: unknown) => x });
    expect(() => router.register('Echo', { echo: (x: unknown) => x })).toThrow(/already registered/);
    expect(() => router.register('Empty', { value: 1 })).toThrow(/no methods/);
    expect(() => router.handle('', () => 1)).toThrow(/non-empty/);
    expect(router.methods()).toEqual(['Echo.echo']);
  });
});
