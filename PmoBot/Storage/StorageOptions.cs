using System.ComponentModel.DataAnnotations;

namespace PmoBot.Storage;

public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    [Required(ErrorMessage = "Storage:ConnectionString is required (UseDevelopmentStorage=true for Azurite).")]
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";
}
