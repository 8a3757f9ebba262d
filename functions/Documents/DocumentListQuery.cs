using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Members;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Documents;

/// <summary>The query of the public document listing: filters by topic, type, country, language and words (<c>q</c>), page size and continuation.</summary>
public sealed record DocumentListQuery(DocumentFilter Filter, int PageSize, string? ContinuationToken)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxTextLength = 100;

    public static Validated<DocumentListQuery> Read(HttpRequest request)
    {
        var errors = new FieldErrors();
        string? One(string name) => QueryParameters.One(request, name, errors);

        var topic = One("topic");
        if (topic is not null && !TopicRules.IsValidSlug(topic))
        {
            errors.Add("topic", "A topic slug is lowercase words joined by hyphens.");
        }

        var typeText = One("type");
        var type = typeText is null ? null : DocumentRules.NormalizeDocumentType(typeText);
        if (typeText is not null && type is null)
        {
            errors.Add("type", $"Use one of: {string.Join(", ", DocumentRules.DocumentTypes)}.");
        }

        var countryText = One("country");
        var country = countryText is null ? null : Countries.Normalize(countryText);
        if (countryText is not null && country is null)
        {
            errors.Add("country", "Use an ISO 3166-1 alpha-2 code such as FR.");
        }

        var languageText = One("language");
        var language = languageText is null ? null : DocumentRules.NormalizeLanguage(languageText);
        if (languageText is not null && language is null)
        {
            errors.Add("language", "Use an ISO 639-1 code such as en.");
        }

        var text = One("q")?.Trim();
        if (text is { Length: > MaxTextLength })
        {
            errors.Add("q", $"Search with at most {MaxTextLength} characters.");
        }

        var pageSize = QueryParameters.PageSize(request, DefaultPageSize, MaxPageSize, errors);
        var continuation = QueryParameters.Continuation(request, errors);
        return errors.Result(() => new DocumentListQuery(new DocumentFilter(topic, type, country, language, text is { Length: > 0 } ? text : null), pageSize, continuation));
    }
}
