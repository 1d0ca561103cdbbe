import { Injectable, OnModuleInit } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_KEY } from './access.decorators';

/** Refuses to start the api when any route forgot to say who may call it. */
@Injectable()
export class RouteAccessCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit() {
    const undeclared = this.undeclaredRoutes();
    if (undeclared.length) {
      throw new Error(`Routes without @Public/@Roles/@SignedIn: ${undeclared.join(', ')}`);
    }
  }

  undeclaredRoutes(): string[] {
    const missing: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as () => unknown;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const access = this.reflector.getAllAndOverride(ACCESS_KEY, [handler, instance.constructor]);
        if (!access) missing.push(`${instance.constructor.name}.${name}`);
      }
    }
    return missing;
  }
}
