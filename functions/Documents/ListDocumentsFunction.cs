using System.Diagnostics;
using Azure;
using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Documents;

/// <summary>
/// GET /api/documents: published documents, newest first, filtered by topic, type, country and language,
/// page by page (pass the continuationToken of one page to get the next).
/// </summary>
public sealed class ListDocumentsFunction(DocumentCatalog catalog)
{
    [Function(nameof(ListDocuments))]
    public async Task<IResult> ListDocuments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents")] HttpRequest request,
        CancellationToken cancellationToken) =>
        DocumentListQuery.Read(request) switch
        {
            Validated<DocumentListQuery>.Valid { Value: var query } => await ListAsync(query, cancellationToken),
            Validated<DocumentListQuery>.Invalid { Errors: var errors } => Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };

    private async Task<IResult> ListAsync(DocumentListQuery query, CancellationToken cancellationToken)
    {
        try
        {
            var (documents, next) = await catalog.ListAsync(query.Filter, query.ContinuationToken, query.PageSize, cancellationToken);
            return TypedResults.Ok(new DocumentPage(documents.Select(DocumentResponse.From).ToList(), QueryParameters.EncodeContinuation(next)));
        }
        catch (RequestFailedException e) when (e.Status == 400 && query.ContinuationToken is not null)
        {
            return QueryParameters.ContinuationRefused();
        }
    }

    public sealed record DocumentPage(IReadOnlyList<DocumentResponse> Documents, string? ContinuationToken);
}
