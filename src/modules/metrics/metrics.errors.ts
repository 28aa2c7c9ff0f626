import { AppError, ErrorKind, UnauthenticatedError } from '../../common/errors/app-error';

/** No METRICS_TOKEN: the scrape target does not exist, as for any unknown path. */
export class MetricsNotServedError extends AppError {
  constructor() {
    super(
      ErrorKind.NotFound,
      'METRICS.NOT_SERVED',
      'Metrik tidak disajikan tanpa METRICS_TOKEN / Metrics are not served without METRICS_TOKEN',
    );
  }
}

export class MetricsTokenRequiredError extends UnauthenticatedError {
  constructor() {
    super('Kirim token metrik sebagai bearer token / Send the metrics token as a bearer token');
  }
}
