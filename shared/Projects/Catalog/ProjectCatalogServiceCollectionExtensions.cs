using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoP.Shared.Projects.Catalog;

public static class ProjectCatalogServiceCollectionExtensions
{
    /// <summary>The public read side: the in-memory map (one per instance) and the catalog over it.</summary>
    public static IServiceCollection AddProjectCatalog(this IServiceCollection services)
    {
        services.TryAddSingleton<ProjectMapSnapshot>();
        services.TryAddSingleton<ProjectCatalog>();
        return services;
    }
}
