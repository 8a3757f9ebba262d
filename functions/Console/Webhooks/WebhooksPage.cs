using CoP.Shared.DomainEvents;
using CoP.Shared.Webhooks;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Console.Webhooks;

/// <summary>
/// The console's webhooks list and its creation form (shared by the page and by the form's refusal), and the page that
/// shows a signing secret once: after a creation, and after a rotation.
/// </summary>
public static class WebhooksPage
{
    /// <summary>The creation form's values as posted and its errors (by field: url, eventTypes, description).</summary>
    public sealed record Form(string Url, IReadOnlyList<string> EventTypes, string Description, IReadOnlyDictionary<string, string[]> Errors)
    {
        public static readonly Form Empty = new("", [], "", new Dictionary<string, string[]>());
    }

    /// <summary>The list and the form; <paramref name="deleted"/> says a webhook was just deleted.</summary>
    public static IResult Show(int status, ConsoleSession.Open session, IReadOnlyList<Webhook> webhooks, Form form, bool deleted = false) =>
        ConsoleGate.Page(status, "console-webhooks", session, language => new
        {
            Webhooks = webhooks.Select(webhook => new
            {
                webhook.WebhookId,
                Url = webhook.Url.AbsoluteUri,
                EventTypes = EventTypesOf(webhook),
                Description = webhook.Description ?? "",
                Disabled = webhook.State == WebhookState.Disabled,
                webhook.ConsecutiveFailures,
                Created = ConsoleFormat.Time(webhook.CreatedAt, language),
            }).ToArray(),
            Deleted = deleted,
            Types = new[] { Webhook.AllTypes }.Concat(DomainEventTypes.All).Select(type => new
            {
                Value = type,
                Id = "type-" + type.Replace('.', '-').Replace("*", "all", StringComparison.Ordinal),
                Checked = form.EventTypes.Contains(type, StringComparer.Ordinal),
            }).ToArray(),
            Form = new
            {
                form.Url,
                form.Description,
                UrlError = Error(form, "url"),
                EventTypesError = Error(form, "eventTypes"),
                DescriptionError = Error(form, "description"),
                HasErrors = form.Errors.Count > 0,
            },
        });

    /// <summary>
    /// The page that shows a webhook's signing secret, the one time it is shown: after its creation (201) or a rotation
    /// (200). The page is not kept by the browser's cache (the console answers <c>no-store</c>).
    /// </summary>
    public static IResult Secret(int status, ConsoleSession.Open session, Webhook webhook, string secret, bool rotated) =>
        ConsoleGate.Page(status, "console-webhook-secret", session, _ => new
        {
            webhook.WebhookId,
            Url = webhook.Url.AbsoluteUri,
            EventTypes = EventTypesOf(webhook),
            Secret = secret,
            Rotated = rotated,
        });

    /// <summary>The page for an unknown webhook (404).</summary>
    public static IResult Missing(ConsoleSession.Open session) =>
        ConsoleGate.Page(StatusCodes.Status404NotFound, "console-webhook-missing", session, _ => new Dictionary<string, object?>());

    /// <summary>The address of a webhook's page in the console.</summary>
    public static string Url(string webhookId) => $"{ConsoleGate.Home}/webhooks/{Uri.EscapeDataString(webhookId)}";

    internal static string EventTypesOf(Webhook webhook) => string.Join(", ", webhook.EventTypes);

    private static string Error(Form form, string field) =>
        form.Errors.FirstOrDefault(error => error.Key == field || error.Key.StartsWith(field + "[", StringComparison.Ordinal)).Value is [var first, ..] ? first : "";
}
