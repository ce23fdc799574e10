import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.provider';
import type { DatabaseOverviewDto } from './dto/admin.dto';

/** What the admin panel shows of the database: whether it answers, and how big each collection is. */
@Injectable()
export class DatabaseOverview {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async read(): Promise<DatabaseOverviewDto> {
    const db = this.connection.db;
    if (!db || this.connection.readyState !== 1) return { state: 'down', name: this.config.dbName, collections: [] };
    try {
      const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
      // estimatedDocumentCount: metadata on MongoDB, a count on FerretDB; either way no scan of the rows here.
      const collections = await Promise.all(
        names.map(async (name) => ({ name, documents: await db.collection(name).estimatedDocumentCount() })),
      );
      return { state: 'up', name: this.config.dbName, collections };
    } catch {
      return { state: 'down', name: this.config.dbName, collections: [] };
    }
  }
}
