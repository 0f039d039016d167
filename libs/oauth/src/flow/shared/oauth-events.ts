import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Subject, filter, type Observable, type Subscription } from 'rxjs';
import type { OAuthErrorCode } from '../../errors/error-codes.js';
import type { RefreshFailureKind } from '../../errors/oauth-error.js';

export type OAuthEventType = 'signin' | 'signup' | 'link' | 'unlink' | 'refresh' | 'refresh_failed';

/**
 * What every event carries: identifiers only. Events go to app code (audit logs, analytics,
 * queues), so they never hold a token: a subscriber that logs `JSON.stringify(event)` leaks nothing.
 */
export interface OAuthEventBase {
  readonly provider: string;
  readonly individualId: string;
  readonly providerAccountId: string;
  readonly at: Date;
}

/** `signin`, `signup`, `link`, `unlink` and `refresh`: the identifiers and nothing else. */
export type OAuthSimpleEvent = {
  readonly [K in Exclude<OAuthEventType, 'refresh_failed'>]: OAuthEventBase & { readonly type: K };
}[Exclude<OAuthEventType, 'refresh_failed'>];

export interface OAuthRefreshFailedEvent extends OAuthEventBase {
  readonly type: 'refresh_failed';
  /** `reauthentication_required` (the grant is gone), `provider_unavailable` or `provider_error`; null when not a provider failure. */
  readonly kind: RefreshFailureKind | null;
  /** The error code thrown to the caller (e.g. `refresh_failed`, `refresh_token_missing`); `unexpected_error` for an uncoded error. */
  readonly code: OAuthErrorCode | 'unexpected_error';
}

export type OAuthEvent = OAuthSimpleEvent | OAuthRefreshFailedEvent;
export type OAuthEventOf<T extends OAuthEventType> = Extract<OAuthEvent, { readonly type: T }>;

type WithoutTime<E> = E extends OAuthEvent ? Omit<E, 'at'> : never;
/** What the flows hand to `emit` (the time is stamped here). */
export type OAuthEventInput = WithoutTime<OAuthEvent>;

/**
 * Sign-in, sign-up, link, unlink and refresh notifications, Nest-native (inject `OAuthEvents`).
 * Delivery is synchronous and best effort: a subscriber that throws is logged and ignored, so an
 * audit hook can never fail (or half-complete) a sign-in or a refresh.
 */
@Injectable()
export class OAuthEvents implements OnModuleDestroy {
  private readonly logger = new Logger('OAuthEvents');
  private readonly subject = new Subject<OAuthEvent>();

  /**
   * Every event. RxJS reports an error thrown by a raw `subscribe` handler as an unhandled error
   * (asynchronously); `on()` catches and logs instead, so prefer it for side effects.
   */
  readonly events$: Observable<OAuthEvent> = this.subject.asObservable();

  /** Subscribes `handler` to one event type; errors (sync or async) are logged, never rethrown. */
  on<T extends OAuthEventType>(type: T, handler: (event: OAuthEventOf<T>) => unknown): Subscription {
    return this.subject.pipe(filter((event): event is OAuthEventOf<T> => event.type === type)).subscribe((event) => {
      try {
        const result = handler(event);
        if (isThenable(result)) result.then(undefined, (error: unknown) => this.report(event, error));
      } catch (error) {
        this.report(event, error);
      }
    });
  }

  /** Library-internal: publishes an event (and logs it as one structured line). Never throws. */
  emit(input: OAuthEventInput): void {
    const event = Object.freeze({ ...input, at: new Date() }) as OAuthEvent;
    this.log(event);
    try {
      this.subject.next(event);
    } catch (error) {
      // Only reachable with RxJS's synchronous error handling switched on: still not the flow's problem.
      this.report(event, error);
    }
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }

  /** One structured line per event through Nest's Logger: ids only (no tokens, no provider subject). */
  private log(event: OAuthEvent): void {
    const line = { event: `oauth.${event.type}`, provider: event.provider, individualId: event.individualId };
    if (event.type === 'refresh_failed') this.logger.warn(JSON.stringify({ ...line, kind: event.kind, code: event.code }));
    else this.logger.log(JSON.stringify(line));
  }

  private report(event: OAuthEvent, error: unknown): void {
    // The error's name only: a subscriber's message could contain anything.
    const name = error instanceof Error ? error.name : typeof error;
    this.logger.error(JSON.stringify({ event: 'oauth.event_subscriber_failed', type: event.type, provider: event.provider, error: name }));
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
