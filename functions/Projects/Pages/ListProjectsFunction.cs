using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Projects.Catalog;
using CoP.Shared.Projects.Map;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Projects.Pages;

/// <summary>
/// GET /api/projects?topic=&amp;country=&amp;status=&amp;practice=&amp;standard=&amp;bbox=&amp;q=&amp;cursor=&amp;limit=: the approved
/// projects, newest first, a page at a time (<c>nextCursor</c>). A browser (Accept ranks text/html first) gets the map
/// page: the filter form, the list of the matching projects (the page's content, which works without script) and
/// beside it the map of the same projects' markers; refused filters show as field errors (400).
/// </summary>
public sealed class ListProjectsFunction(ProjectCatalog catalog, TopicStore topics, IOptions<ProjectMapOptions> map)
{
    [Function(nameof(ListProjects))]
    public async Task<IResult> ListProjects(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.Vary = "Accept, Accept-Language";
        var html = HtmlPages.PrefersHtml(request);
        var language = HtmlPages.Language(request);
        return ProjectQuery.Parse(request.Query) switch
        {
            Validated<ProjectQuery>.Valid { Value: var query } when html =>
                ProjectListPage.List(request, await topics.ListActiveAsync(cancellationToken), await catalog.ListAsync(query, language, cancellationToken), map.Value),
            Validated<ProjectQuery>.Valid { Value: var query } => TypedResults.Ok(await catalog.ListAsync(query, language, cancellationToken)),
            Validated<ProjectQuery>.Invalid { Errors: var errors } when html => ProjectListPage.Refused(request, await topics.ListActiveAsync(cancellationToken), errors),
            Validated<ProjectQuery>.Invalid { Errors: var errors } => Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };
    }
}
