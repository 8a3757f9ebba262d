using CoP.Shared.Projects.Catalog;
using CoP.Shared.Projects.Progress;
using CoP.Shared.Projects.Review;
using CoP.Shared.Projects.Submission;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoP.Shared.Projects;

public static class ProjectServiceCollectionExtensions
{
    /// <summary>The projects map: projects, their progress notes and boundaries. Needs storage, the topic catalog, membership and the mail queue.</summary>
    public static IServiceCollection AddCommunityProjects(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProjectStore>();
        services.TryAddSingleton<ProjectProgressStore>();
        services.AddProjectReview();
        services.AddProjectProgress();
        services.AddProjectCatalog();
        services.TryAddSingleton<ProjectLinks>();
        services.AddProjectSubmission();
        return services;
    }
}
