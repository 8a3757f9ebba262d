using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Projects.Map;

public static class ProjectMapServiceCollectionExtensions
{
    /// <summary>The map of the project pages: its tile server and attribution (section <c>Projects</c>), checked at start-up.</summary>
    public static IServiceCollection AddProjectMap(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProjectMapOptions>().Bind(configuration.GetSection(ProjectMapOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProjectMapOptions>, ProjectMapOptionsValidator>());
        return services;
    }
}
