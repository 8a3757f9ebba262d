using CoP.Shared.Console;
using CoP.Shared.Email;
using CoP.Shared.Email.Queue;
using CoP.Shared.Members;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Webhooks;

/// <summary>An operators' notice as it waits in the mail queue: ids and the last status only, no address, no URL.</summary>
public sealed record QueuedWebhookDisabled(string WebhookId, string OperatorId, int? LastStatus, int Failures);

/// <summary>
/// Tells the operators that a webhook was disabled: one mail per operator the setting names now
/// (<c>Console__Operators</c>), each queued once per disabling (its id derives from the webhook, the operator and the
/// moment it was disabled) however often it is queued.
/// </summary>
public sealed class WebhookDisabledNotices(QueuedMail mail, OperatorDirectory operators, IOptions<ConsoleOptions> console)
{
    public const string Kind = "webhook-disabled";

    public async Task QueueAsync(Webhook webhook, int? lastStatus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var ids = OperatorDirectory.Split(console.Value.Operators).Select(address => operators.Find(address)?.Id).OfType<string>().Distinct(StringComparer.Ordinal);
        foreach (var operatorId in ids)
        {
            var key = $"{webhook.WebhookId}|{operatorId}|{webhook.DisabledAt?.UtcTicks}";
            await mail.EnqueueOnceAsync(Kind, key, new QueuedWebhookDisabled(webhook.WebhookId, operatorId, lastStatus, webhook.ConsecutiveFailures), cancellationToken);
        }
    }
}

/// <summary>
/// A queued notice becomes one operator's mail: the webhook's id, its target's host (never the whole URL, which may
/// hold a token), the last status and the link to it in the console. Nothing is sent when the operator was removed from
/// the setting since, or the webhook was deleted or enabled again before the mail left.
/// </summary>
public sealed class WebhookDisabledMailPreparer(
    WebhookStore webhooks, OperatorDirectory operators, IOptions<ConsoleOptions> console, IOptions<MembershipOptions> membership, EmailComposer composer) : IMailPreparer
{
    public string Kind => WebhookDisabledNotices.Kind;

    public async Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var notice = request.PayloadAs<QueuedWebhookDisabled>();
        var address = OperatorDirectory.Split(console.Value.Operators).FirstOrDefault(a => operators.Find(a)?.Id == notice.OperatorId);
        if (address is null || await webhooks.GetAsync(notice.WebhookId, cancellationToken) is not { Webhook: { State: WebhookState.Disabled } webhook })
        {
            return null;
        }

        var consoleUrl = $"{membership.Value.PublicApiBaseUrl?.ToString().TrimEnd('/')}/api/console/webhooks/{webhook.WebhookId}";
        return composer.Compose(EmailTemplate.WebhookDisabled, EmailComposer.DefaultLanguage, new
        {
            webhook.WebhookId,
            webhook.Url.Host,
            LastStatus = notice.LastStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            notice.Failures,
            ConsoleUrl = consoleUrl,
        }).To(address, Kind, new Dictionary<string, string> { ["operator"] = notice.OperatorId, ["webhookId"] = webhook.WebhookId });
    }
}
