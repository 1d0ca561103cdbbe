import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { INestApplication } from '@nestjs/common';

/** Every route the api serves, as "METHOD /path/:param", read from the controllers themselves. */
export function listRoutes(app: INestApplication): string[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const routes: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object;
    const prefix = String(Reflect.getMetadata(PATH_METADATA, instance.constructor) ?? '');
    const prototype = Object.getPrototypeOf(instance) as Record<string, () => unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const path = Reflect.getMetadata(PATH_METADATA, prototype[name]) as string | undefined;
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, prototype[name]) as number];
      const full = `/${[prefix, path].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/');
      routes.push(`${method} ${full}`);
    }
  }
  return routes.sort();
}
