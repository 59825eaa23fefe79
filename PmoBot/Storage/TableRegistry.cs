namespace PmoBot.Storage;

/// <summary>A table some store owns; every registered table is created once at start-up.</summary>
public sealed record TableRegistration(string TableName);
