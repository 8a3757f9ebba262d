using System.Text.Json;
using CoP.Functions.Http;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter.Issues;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Newsletter;

/// <summary>
/// GET /api/manage/newsletter/issues/{issueId} (function key): where an issue stands, for the admin who sent it (the
/// <c>Location</c> of <c>SendNewsletterNow</c>'s 202): its state, whether a run is on it now, its counts of recipients,
/// and the batches that need attention (of unknown outcome, or refused). Counts only, no member.
/// </summary>
public sealed class GetNewsletterIssueStatusFunction(NewsletterService newsletter, NewsletterComposer composer)
{
    /// <summary>The path of an issue's status, as <c>Location</c> headers give it.</summary>
    public static string StatusPath(string issueId) => $"/api/manage/newsletter/issues/{issueId}";

    [Function(nameof(GetNewsletterIssueStatus))]
    public async Task<IResult> GetNewsletterIssueStatus(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/newsletter/issues/{issueId}")] HttpRequest request,
        string issueId,
        CancellationToken cancellationToken)
    {
        if (!NewsletterSchedule.IsValidIssueId(issueId) || await newsletter.GetStatusAsync(issueId, cancellationToken) is not { } status)
        {
            return Problems.NotFound("There is no newsletter issue with this id.");
        }

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var issue = status.Issue;
        return TypedResults.Ok(new NewsletterIssueStatusResponse(
            issue.IssueId,
            JsonNamingPolicy.CamelCase.ConvertName(issue.IssueState.ToString()),
            status.Running,
            issue.Subject.Length == 0 ? null : issue.Subject,
            issue.SlotAt,
            issue.SentAt,
            issue.Recipients,
            issue.Unknown,
            issue.Refused,
            issue.Waiting,
            issue.Note,
            [.. status.BatchesNeedingAttention.Select(b => new BatchNeedingAttention(
                b.Key,
                b.BatchState == BatchState.Refused ? "refused" : b.LastEvent is null ? "unknown" : "reported",
                b.Recipients ?? 0,
                b.AttemptedAt,
                b.StatusCode,
                b.LastEventAt))],
            issue.IssueState == IssueState.Sent ? composer.ArchiveUrl(issue.IssueId) : null));
    }
}

/// <summary>An issue's status: <c>accepted</c> counts recipients whose copy SendGrid accepted, <c>waiting</c> those a retry sends to.</summary>
public sealed record NewsletterIssueStatusResponse(
    string IssueId,
    string State,
    bool Running,
    string? Subject,
    DateTimeOffset SlotAt,
    DateTimeOffset? SentAt,
    int Accepted,
    int Unknown,
    int Refused,
    int Waiting,
    string? Note,
    IReadOnlyList<BatchNeedingAttention> BatchesNeedingAttention,
    string? ArchiveUrl);

/// <summary>A batch of unknown outcome (<c>unknown</c>; <c>reported</c> once the webhook reported one of its messages) or <c>refused</c>.</summary>
public sealed record BatchNeedingAttention(string BatchId, string State, int Recipients, DateTimeOffset? AttemptedAt, int? StatusCode, DateTimeOffset? LastEventAt);
