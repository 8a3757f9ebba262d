using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Projects.Catalog;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Projects.Catalog;

/// <summary>
/// GET /api/projects/map.geojson?topic=&amp;country=&amp;status=&amp;practice=&amp;standard=&amp;bbox=&amp;q=: the approved
/// projects that match, as an RFC 7946 FeatureCollection of their public (rounded) points for map tools and the map
/// page; titles in the language of <c>lang</c> or the browser. Answers carry an ETag, and a client that holds it gets
/// 304; the unfiltered map is written once per change of the projects.
/// </summary>
public sealed class GetProjectsGeoJsonFunction(ProjectCatalog catalog)
{
    [Function(nameof(GetProjectsGeoJson))]
    public async Task<IResult> GetProjectsGeoJson(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/map.geojson")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ProjectQuery.Parse(request.Query) switch
        {
            Validated<ProjectQuery>.Valid { Value: var query } =>
                CatalogAnswers.Document(request, await catalog.GeoJsonAsync(query, HtmlPages.Language(request), cancellationToken), ProjectGeoJson.MediaType),
            Validated<ProjectQuery>.Invalid { Errors: var errors } => Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };
}
