using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoP.Shared.Projects.Progress;

public static class ProjectProgressServiceCollectionExtensions
{
    /// <summary>Progress notes on projects, posted by their owners.</summary>
    public static IServiceCollection AddProjectProgress(this IServiceCollection services)
    {
        services.TryAddSingleton<ProjectProgressService>();
        return services;
    }
}
