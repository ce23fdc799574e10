import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  MemoryHealthIndicator,
  MongooseHealthIndicator,
} from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';

import { Public } from '../auth/access.decorators';
import { HealthReportDto, ProbeReportDto } from './dto/health-report.dto';
import { HealthService } from './health.service';

/** A heap above this means a leak: the orchestrator should restart the process. */
const HEAP_LIMIT_BYTES = 1.5 * 1024 ** 3;

@ApiTags('health')
@SkipThrottle()
@Controller('monitor/health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly checks: HealthCheckService,
    private readonly mongoose: MongooseHealthIndicator,
    private readonly memory: MemoryHealthIndicator,
    private readonly indicators: HealthIndicatorService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Health check',
    description: 'Database (a real ping), RPC, sync state and lag. 200 when live, syncing or degraded; 503 when down.',
  })
  @ApiOkResponse({ type: HealthReportDto, description: 'live, syncing or degraded' })
  @ApiServiceUnavailableResponse({
    type: HealthReportDto,
    description: 'down: the database or every RPC endpoint is unreachable',
  })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthReportDto> {
    const checks = await this.run(() => [() => this.databasePing(), () => this.rpc(), () => this.sync()]);
    const report = this.health.report();
    // A failed ping means down even when the driver has not noticed yet.
    if (checks.details['database']?.status === 'down' && report.status !== 'down') {
      report.status = 'down';
      report.chain.reasons.unshift('database does not answer a ping');
    }
    if (report.status === 'down') res.status(503);
    return { ...report, checks: checks.details as HealthReportDto['checks'] };
  }

  @Get('live')
  @Public()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Liveness probe',
    description: 'The process answers and its heap is under 1.5 GiB. A failure means: restart it.',
  })
  @ApiOkResponse({ type: ProbeReportDto })
  @ApiServiceUnavailableResponse({ type: ProbeReportDto })
  live(): Promise<HealthCheckResult> {
    return this.checks.check([() => this.memory.checkHeap('heap', HEAP_LIMIT_BYTES)]);
  }

  @Get('ready')
  @Public()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Readiness probe',
    description:
      'The database answers a ping, an RPC endpoint is reachable and a first block is stored. A failure means: send no traffic here yet.',
  })
  @ApiOkResponse({ type: ProbeReportDto })
  @ApiServiceUnavailableResponse({ type: ProbeReportDto })
  ready(): Promise<HealthCheckResult> {
    return this.checks.check([
      () => this.databasePing(),
      () => this.rpc(),
      () => this.sync({ requireFirstBlock: true }),
    ]);
  }

  /** Runs the indicators and returns their result whether they pass or not. */
  private async run(list: () => Parameters<HealthCheckService['check']>[0]): Promise<HealthCheckResult> {
    try {
      return await this.checks.check(list());
    } catch (err) {
      if (err instanceof ServiceUnavailableException) return err.getResponse() as HealthCheckResult;
      throw err;
    }
  }

  private async databasePing() {
    try {
      return await this.mongoose.pingCheck('database', { timeout: 1_500 });
    } catch {
      // terminus ≥ 11 resolves with `down`; older ones threw. Either way: down.
      return this.indicators.check('database').down({ message: 'no answer to a ping within 1.5 s' });
    }
  }

  private rpc() {
    const { chain } = this.health.report();
    const session = this.indicators.check('rpc');
    const data = {
      head: chain.head,
      chainId: chain.chainId,
      endpoints: chain.endpoints.filter((e) => e.healthy).length,
    };
    return chain.reachable
      ? session.up(data)
      : session.down({ ...data, message: chain.lastError ?? 'no RPC endpoint answers' });
  }

  private sync(options: { requireFirstBlock?: boolean } = {}) {
    const { status, chain } = this.health.report();
    const session = this.indicators.check('sync');
    const data = {
      state: status,
      lastProcessed: chain.lastProcessed,
      lagBlocks: chain.lagBlocks,
      lagSeconds: chain.lagSeconds,
    };
    if (options.requireFirstBlock && chain.lastProcessed === null)
      return session.down({ ...data, message: 'no block stored yet' });
    return status === 'down' ? session.down(data) : session.up(data);
  }
}
