namespace PmoBot.Commands;

public static class CommandsServiceCollectionExtensions
{
    public static IServiceCollection AddCommands(this IServiceCollection services)
    {
        services.AddOptions<UploadedFilesOptions>().BindConfiguration(UploadedFilesOptions.SectionName);
        services.AddSingleton<CommandRouter>();
        services.AddSingleton<CardActionRouter>();
        services.AddSingleton<FileUploadRouter>();
        services.AddSingleton<FileOfferRouter>();
        services.AddSingleton<UploadedFileDownloader>();
        services.AddHttpClient(UploadedFileDownloader.HttpClientName, client => client.Timeout = UploadedFileDownloader.Timeout);
        return services;
    }
}
