using Azure;
using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Members;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Documents;

/// <summary>
/// GET /api/documents: published documents, newest first, filtered by topic, type, country and language,
/// page by page (pass the continuationToken of one page to get the next).
/// </summary>
public sealed class ListDocumentsFunction(DocumentCatalog catalog)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    [Function(nameof(ListDocuments))]
    public async Task<IResult> ListDocuments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? One(string name) => QueryParameters.One(request, name, errors);

        var topic = One("topic");
        if (topic is not null && !TopicRules.IsValidSlug(topic))
        {
            errors["topic"] = ["A topic slug is lowercase words joined by hyphens."];
        }

        var typeText = One("type");
        var type = typeText is null ? null : DocumentRules.NormalizeDocumentType(typeText);
        if (typeText is not null && type is null)
        {
            errors["type"] = [$"Use one of: {string.Join(", ", DocumentRules.DocumentTypes)}."];
        }

        var countryText = One("country");
        var country = countryText is null ? null : Countries.Normalize(countryText);
        if (countryText is not null && country is null)
        {
            errors["country"] = ["Use an ISO 3166-1 alpha-2 code such as FR."];
        }

        var languageText = One("language");
        var language = languageText is null ? null : DocumentRules.NormalizeLanguage(languageText);
        if (languageText is not null && language is null)
        {
            errors["language"] = ["Use an ISO 639-1 code such as en."];
        }

        var pageSize = QueryParameters.PageSize(request, DefaultPageSize, MaxPageSize, errors);
        var continuation = QueryParameters.Continuation(request, errors);

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        try
        {
            var (rows, next) = await catalog.ListAsync(new DocumentFilter(topic, type, country, language), continuation, pageSize, cancellationToken);
            return TypedResults.Ok(new DocumentPage(
                rows.Select(DocumentResponse.From).ToList(),
                QueryParameters.EncodeContinuation(next)));
        }
        catch (RequestFailedException e) when (e.Status == 400 && continuation is not null)
        {
            return QueryParameters.ContinuationRefused();
        }
    }

    public sealed record DocumentPage(IReadOnlyList<DocumentResponse> Documents, string? ContinuationToken);
}
