using System.Diagnostics;
using Azure;
using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Documents;

/// <summary>
/// GET /api/documents: published documents, newest first, filtered by topic, type, country and language,
/// page by page (pass the continuationToken of one page to get the next). A browser gets the catalog page, whose
/// filter form uses the same query parameters and shows refused values as field errors.
/// </summary>
public sealed class ListDocumentsFunction(DocumentCatalog catalog, TopicStore topics)
{
    [Function(nameof(ListDocuments))]
    public async Task<IResult> ListDocuments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var html = HtmlPages.PrefersHtml(request);
        return DocumentListQuery.Read(request) switch
        {
            Validated<DocumentListQuery>.Valid { Value: var query } => await ListAsync(request, query, html, cancellationToken),
            Validated<DocumentListQuery>.Invalid { Errors: var errors } when html =>
                DocumentPages.Refused(request, await topics.ListActiveAsync(cancellationToken), errors),
            Validated<DocumentListQuery>.Invalid { Errors: var errors } => Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> ListAsync(HttpRequest request, DocumentListQuery query, bool html, CancellationToken cancellationToken)
    {
        try
        {
            var (documents, next) = await catalog.ListAsync(query.Filter, query.ContinuationToken, query.PageSize, cancellationToken);
            return html
                ? DocumentPages.List(request, await topics.ListActiveAsync(cancellationToken), documents, QueryParameters.EncodeContinuation(next))
                : TypedResults.Ok(new DocumentPage(documents.Select(DocumentResponse.From).ToList(), QueryParameters.EncodeContinuation(next)));
        }
        catch (RequestFailedException e) when (e.Status == 400 && query.ContinuationToken is not null)
        {
            return html
                ? DocumentPages.Refused(request, await topics.ListActiveAsync(cancellationToken), new Dictionary<string, string[]> { ["continuationToken"] = ["refused"] })
                : QueryParameters.ContinuationRefused();
        }
    }

    public sealed record DocumentPage(IReadOnlyList<DocumentResponse> Documents, string? ContinuationToken);
}
