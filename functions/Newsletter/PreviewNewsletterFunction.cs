using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Newsletter;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Newsletter;

/// <summary>
/// GET /api/manage/newsletter/preview (function key): the current issue as HTML, for <c>memberId</c> (with that
/// member's language, topics and working links) or for a sample member (<c>language</c>, <c>topics</c> as a
/// comma-separated list). Browsers get the HTML, <c>format=html</c> or <c>format=text</c> one part, other clients
/// both parts as JSON.
/// </summary>
public sealed class PreviewNewsletterFunction(NewsletterService newsletter)
{
    [Function(nameof(PreviewNewsletter))]
    public async Task<IResult> PreviewNewsletter(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/newsletter/preview")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var memberId = QueryParameters.One(request, "memberId", errors);
        var language = QueryParameters.One(request, "language", errors);
        var topics = QueryParameters.One(request, "topics", errors)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var format = QueryParameters.One(request, "format", errors);
        if (memberId is not null && !MemberStore.IsValidMemberId(memberId))
        {
            errors.Add("memberId", "A member id is 32 lower-case hexadecimal characters.");
        }

        if (language is not null)
        {
            errors.AddIf("language", MemberRules.CheckLanguage(language, out _));
        }

        if (format is not null and not ("html" or "text"))
        {
            errors.Add("format", "Use html or text.");
        }

        if (topics is { Length: > 50 })
        {
            errors.Add("topics", "Give at most 50 topics.");
        }

        return errors.Result(() => new PreviewRequest(memberId, language, topics, format)) switch
        {
            Validated<PreviewRequest>.Valid { Value: var preview } => await PreviewAsync(request, preview, cancellationToken),
            Validated<PreviewRequest>.Invalid { Errors: var invalid } => Problems.Validation(invalid),
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> PreviewAsync(HttpRequest request, PreviewRequest query, CancellationToken cancellationToken)
    {
        var (memberId, language, topics, format) = query;

        // A member's preview carries their working links: no cache may keep it (nor any preview, for simplicity).
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var preview = await newsletter.PreviewAsync(memberId, language, topics, cancellationToken);
        if (preview is null)
        {
            return Problems.NotFound("There is no member with this id.");
        }

        if (format is null && !HtmlPages.PrefersHtml(request))
        {
            return TypedResults.Ok(new { preview.IssueId, preview.MemberId, preview.HasNews, preview.Email.Subject, Html = preview.Email.HtmlBody, Text = preview.Email.TextBody });
        }

        return format == "text"
            ? TypedResults.Text(preview.Email.TextBody, "text/plain; charset=utf-8")
            : TypedResults.Text(preview.Email.HtmlBody, "text/html; charset=utf-8");
    }

    private sealed record PreviewRequest(string? MemberId, string? Language, string[]? Topics, string? Format);
}
