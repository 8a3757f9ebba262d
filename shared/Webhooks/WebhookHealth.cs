using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Webhooks;

/// <summary>
/// A webhook's run of failed deliveries: each failed delivery adds one, a success ends the run (and enables a webhook
/// that was disabled, if its attempt began after the disabling: only a redelivery is sent to one; an attempt already under
/// way when it was disabled leaves it disabled, as the operators were told). At <see cref="WebhookOptions.DisableAfterFailures"/> the
/// webhook is disabled and the operators are told once (<see cref="WebhookDisabledNotices"/>). Written under the row's
/// version, so deliveries finishing at once all count.
/// </summary>
public sealed partial class WebhookHealth(
    WebhookStore store, WebhookDisabledNotices notices, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookHealth> logger)
{
    public async Task RecordSuccessAsync(string webhookId, DateTimeOffset attemptStartedAt, CancellationToken cancellationToken = default)
    {
        while (await store.GetAsync(webhookId, cancellationToken) is { } stored)
        {
            var webhook = stored.Webhook;
            if (webhook is { ConsecutiveFailures: 0, State: WebhookState.Enabled } || (webhook.State == WebhookState.Disabled && !(attemptStartedAt >= webhook.DisabledAt)))
            {
                return;
            }

            var healthy = webhook with { ConsecutiveFailures = 0, State = WebhookState.Enabled, DisabledAt = null };
            if (await store.TryReplaceAsync(healthy, stored.Keys, stored.Version, cancellationToken) is not null)
            {
                if (webhook.State == WebhookState.Disabled)
                {
                    LogEnabled(logger, webhookId);
                }

                return;
            }
        }
    }

    public async Task RecordFailureAsync(string webhookId, int? lastStatus, CancellationToken cancellationToken = default)
    {
        while (await store.GetAsync(webhookId, cancellationToken) is { } stored)
        {
            var webhook = stored.Webhook;
            var failures = webhook.ConsecutiveFailures + 1;
            var disable = webhook.State == WebhookState.Enabled && failures >= options.Value.DisableAfterFailures;
            var next = disable
                ? webhook with { ConsecutiveFailures = failures, State = WebhookState.Disabled, DisabledAt = time.GetUtcNow() }
                : webhook with { ConsecutiveFailures = failures };
            if (await store.TryReplaceAsync(next, stored.Keys, stored.Version, cancellationToken) is null)
            {
                continue;
            }

            if (disable)
            {
                LogDisabled(logger, webhookId, failures);
                await notices.QueueAsync(next, lastStatus, cancellationToken);
            }

            return;
        }
    }

    [LoggerMessage(EventId = 13070, Level = LogLevel.Error, Message = "Webhook {WebhookId} was disabled after {Failures} failed deliveries in a row; the operators are told")]
    private static partial void LogDisabled(ILogger logger, string webhookId, int failures);

    [LoggerMessage(EventId = 13071, Level = LogLevel.Information, Message = "Webhook {WebhookId} is enabled again: a redelivery succeeded")]
    private static partial void LogEnabled(ILogger logger, string webhookId);
}
