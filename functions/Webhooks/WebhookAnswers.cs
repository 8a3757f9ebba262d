using CoP.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Webhooks;

/// <summary>The webhook routes' not-found answers: the same words for a malformed id as for an unknown one.</summary>
internal static class WebhookAnswers
{
    public static IResult NoSuchWebhook() => Problems.NotFound("There is no such webhook.");

    public static IResult NoSuchDelivery() => Problems.NotFound("There is no such webhook, or it has no such delivery.");
}
