using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Newsletter;
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
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var memberId = QueryParameters.One(request, "memberId", errors);
        var language = QueryParameters.One(request, "language", errors);
        var topics = QueryParameters.One(request, "topics", errors)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var format = QueryParameters.One(request, "format", errors);
        if (memberId is not null && !MemberStore.IsValidMemberId(memberId))
        {
            errors["memberId"] = ["A member id is 32 lower-case hexadecimal characters."];
        }

        if (language is not null && MemberRules.CheckLanguage(language, out _) is { } languageError)
        {
            errors["language"] = [languageError];
        }

        if (format is not null and not ("html" or "text"))
        {
            errors["format"] = ["Use html or text."];
        }

        if (topics is { Length: > 50 })
        {
            errors["topics"] = ["Give at most 50 topics."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

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
}
