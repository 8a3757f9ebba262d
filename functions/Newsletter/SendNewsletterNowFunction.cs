using System.Text.Json;
using CoP.Functions.Http;
using CoP.Shared.Newsletter;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;

namespace CoP.Functions.Newsletter;

/// <summary>
/// POST /api/manage/newsletter/send (function key): sends the current period's issue now, through the same
/// ledger as the timer, so nobody gets it twice. Also releases a held issue and settles one that needs
/// attention. Optional body: <c>issueId</c> finishes an earlier issue; <c>resendUnknown</c> sends batches of
/// unknown outcome again and <c>resendRefused</c> batches SendGrid refused (the admin checked SendGrid's
/// activity first).
/// </summary>
public sealed class SendNewsletterNowFunction(NewsletterService newsletter, IHostApplicationLifetime? lifetime = null)
{
    [Function(nameof(SendNewsletterNow))]
    public async Task<IResult> SendNewsletterNow(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/newsletter/send")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var send = new SendNowRequest(null, null, null);
        if (request.ContentLength is > 0 || request.ContentType is not null)
        {
            var body = await JsonRequestBody.ReadAsync<SendNowRequest>(request, 1024, cancellationToken);
            if (body.Value is not { } parsed)
            {
                return body.Problem!;
            }

            send = parsed;
        }

        if (send.IssueId is not null && !NewsletterSchedule.IsValidIssueId(send.IssueId))
        {
            return Problems.Validation("issueId", "An issue id looks like 2026-11-23-0800.");
        }

        // A send of thousands may outlast the caller's patience: a client that disconnects must not cut batches
        // in flight (their outcome would become unknown). Only the host's shutdown stops it.
        var result = await newsletter.SendNowAsync(
            new ResendChoices(send.ResendUnknown ?? false, send.ResendRefused ?? false),
            send.IssueId,
            lifetime?.ApplicationStopping ?? CancellationToken.None);
        return result.Outcome switch
        {
            NewsletterRunOutcome.Busy => Problems.Conflict("Another run is sending this issue right now; try again in a few minutes."),
            NewsletterRunOutcome.NotFound => Problems.NotFound("There is no newsletter issue with this id."),
            NewsletterRunOutcome.EmailNotReady => Problems.ServiceUnavailable(
                "Email cannot leave: Email__SendGridApiKey is not set, or its Key Vault reference did not resolve. Nothing was sent or recorded."),
            _ => TypedResults.Ok(NewsletterRunResponse.From(result)),
        };
    }

    public sealed record SendNowRequest(string? IssueId, bool? ResendUnknown, bool? ResendRefused);
}

/// <summary>What a send did, for the admin.</summary>
public sealed record NewsletterRunResponse(
    string IssueId, string Outcome, int? Accepted, int? SentThisRun, int? Unknown, int? Refused, int? Waiting)
{
    public static NewsletterRunResponse From(NewsletterRunResult result) => new(
        result.IssueId,
        JsonNamingPolicy.CamelCase.ConvertName(result.Outcome.ToString()),
        result.Report?.Accepted,
        result.Report?.SentThisRun,
        result.Report?.Unknown,
        result.Report?.Refused,
        result.Report?.NotAccepted);
}
