import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { CatalogueWorker, unhandledJobNames } from '@mosaic/queue';

/** The worker refuses to start while a job in the catalogue has no handler. */
@Injectable()
export class JobCoverageCheck implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit() {
    const workers = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is CatalogueWorker => instance instanceof CatalogueWorker);
    const missing = unhandledJobNames(workers);
    if (missing.length) throw new Error(`No handler for job(s): ${missing.join(', ')}; refusing to start`);
  }
}
