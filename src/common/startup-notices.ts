import { Global, Injectable, Module } from '@nestjs/common';

/**
 * Lines for the operator that main.ts prints once the service is listening (where to sign in,
 * a generated password). Kept out of the structured log on purpose.
 */
@Injectable()
export class StartupNotices {
  private readonly lines: string[] = [];

  add(line: string): void {
    this.lines.push(line);
  }

  /** For what must not be lost if the start fails later, such as a generated password. */
  printNow(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  all(): readonly string[] {
    return this.lines;
  }
}

@Global()
@Module({ providers: [StartupNotices], exports: [StartupNotices] })
export class StartupNoticesModule {}
