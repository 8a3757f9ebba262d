using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter.Issues;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Newsletter;

/// <summary>
/// POST /api/manage/newsletter/send (function key): sends the current period's issue, through the same ledger as the
/// timer, so nobody gets it twice. Also releases a held issue and settles one that needs attention. Optional body:
/// <c>issueId</c> finishes an earlier issue; <c>resendUnknown</c> sends batches of unknown outcome again and
/// <c>resendRefused</c> batches SendGrid refused (the admin checked SendGrid's activity first). The send runs in the
/// background (queue <c>newsletter-runs</c>, <c>RunNewsletterSend</c>): the answer is 202 with a <c>Location</c> of the
/// issue's status (<c>GetNewsletterIssueStatus</c>). What can be told at once is: email cannot leave (503, nothing
/// read or written), no such issue (404), a run holds it now (409).
/// </summary>
public sealed class SendNewsletterNowFunction(QueuedNewsletterSends sends)
{
    [Function(nameof(SendNewsletterNow))]
    public async Task<IResult> SendNewsletterNow(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/newsletter/send")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength is not > 0 && request.ContentType is null)
        {
            return await SendAsync(new SendNowRequest(null, null, null), cancellationToken);
        }

        return await JsonRequestBody.ReadAsync<SendNowRequest>(request, 1024, cancellationToken) switch
        {
            RequestBody<SendNowRequest>.Read { Value: var send } => await SendAsync(send, cancellationToken),
            RequestBody<SendNowRequest>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> SendAsync(SendNowRequest send, CancellationToken cancellationToken)
    {
        if (send.IssueId is not null && !NewsletterSchedule.IsValidIssueId(send.IssueId))
        {
            return Problems.Validation("issueId", "An issue id looks like 2026-11-23-0800.");
        }

        var result = await sends.RequestAsync(new ResendChoices(send.ResendUnknown ?? false, send.ResendRefused ?? false), send.IssueId, cancellationToken);
        return result switch
        {
            SendRequestResult.Queued queued => TypedResults.Accepted(
                GetNewsletterIssueStatusFunction.StatusPath(queued.IssueId),
                new NewsletterSendAccepted(queued.IssueId, "queued", GetNewsletterIssueStatusFunction.StatusPath(queued.IssueId))),
            SendRequestResult.Busy => Problems.Conflict("Another run is sending this issue right now; try again in a few minutes."),
            SendRequestResult.NotFound => Problems.NotFound("There is no newsletter issue with this id."),
            SendRequestResult.EmailNotReady => Problems.ServiceUnavailable(
                "Email cannot leave: Email__SendGridApiKey is not set, or its Key Vault reference did not resolve. Nothing was sent or recorded."),
            _ => throw new UnreachableException(),
        };
    }

    public sealed record SendNowRequest(string? IssueId, bool? ResendUnknown, bool? ResendRefused);
}

/// <summary>A send accepted for the background: the issue it works on, and where its status is.</summary>
public sealed record NewsletterSendAccepted(string IssueId, string Outcome, string Status);
