using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Templates;

public static class SitePagesServiceCollectionExtensions
{
    /// <summary>The frame of the member pages under the community's logo and colour (section <c>Site</c>). Needs email (the community's name).</summary>
    public static IServiceCollection AddSitePages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SiteOptions>().Bind(configuration.GetSection(SiteOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiteOptions>, SiteOptionsValidator>());
        services.TryAddSingleton<PageLayout>();
        return services;
    }
}
