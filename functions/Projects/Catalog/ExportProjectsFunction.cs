using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Projects.Catalog;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Projects.Catalog;

/// <summary>
/// GET /api/projects/export?format=csv (and the list's filters): the approved projects that match as a CSV download for
/// spreadsheets and GIS tools, with the public (rounded) latitude and longitude. CSV is the only format (and the
/// default); the JSON list is GET /api/projects.
/// </summary>
public sealed class ExportProjectsFunction(ProjectCatalog catalog)
{
    [Function(nameof(ExportProjects))]
    public async Task<IResult> ExportProjects(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/export")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var format = request.Query["format"];
        if (format.Count > 1 || (format.Count == 1 && format[0] != "csv"))
        {
            return Problems.Validation("format", "The format is csv (the default); the JSON list is GET /api/projects.");
        }

        switch (ProjectQuery.Parse(request.Query))
        {
            case Validated<ProjectQuery>.Valid { Value: var query }:
                var csv = await catalog.ExportAsync(query, HtmlPages.Language(request), cancellationToken);
                request.HttpContext.Response.Headers.CacheControl = CatalogAnswers.Caching;
                request.HttpContext.Response.Headers.Vary = CatalogAnswers.VaryByLanguage;
                return TypedResults.Stream(
                    stream => csv.WriteAsync(stream, cancellationToken),
                    contentType: ProjectCsv.MediaType,
                    fileDownloadName: "projects.csv");
            case Validated<ProjectQuery>.Invalid { Errors: var errors }:
                return Problems.Validation(errors);
            default:
                throw new UnreachableException();
        }
    }
}
