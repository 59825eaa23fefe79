using Azure.Data.Tables;
using PmoBot.Storage;
using PmoBot.Tests.TestSupport;

namespace PmoBot.Tests.Storage;

public sealed class TableKeyTests
{
    private const string TestTable = "TableKeyTests";

    public static TheoryData<string> OrdinaryIds() =>
    [
        "00000000-0000-0000-0000-000000000020",
        "29:1a2b3c4d5e6f",
        "PRJ-2025-001",
        "a:personal chat",
        "19:abc@thread.tacv2",
    ];

    public static TheoryData<string> HostileIds() =>
    [
        "19:abc@thread.skype;messageid=1700000000000",
        "a/b\\c#d?e",
        "100%",
        "already%2Fescaped",
        "%",
        "tab\there, newline\nthere",
        "bell\u0007 and delete\u007F",
        "next line\u0085 and c1 \u009F",
        "Zoë, Ærø and 東京",
        "rocket 🚀",
        "//##??\\\\",
    ];

    [Theory]
    [MemberData(nameof(OrdinaryIds))]
    public void Ordinary_ids_are_kept_as_they_are(string id)
    {
        Assert.Equal(id, TableKey.Escape(id));
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void Escaped_keys_contain_no_character_table_storage_forbids(string id)
    {
        var key = TableKey.Escape(id);

        Assert.DoesNotContain(key, IsForbiddenInKey);
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    [MemberData(nameof(OrdinaryIds))]
    public void Unescape_gives_back_the_original_id(string id)
    {
        Assert.Equal(id, TableKey.Unescape(TableKey.Escape(id)));
    }

    [Fact]
    public void Distinct_ids_never_share_a_key()
    {
        // '%' is escaped too, so an id that looks escaped cannot collide with the id it looks like.
        Assert.NotEqual(TableKey.Escape("a/b"), TableKey.Escape("a%2Fb"));
        Assert.Equal("a%2Fb", TableKey.Escape("a/b"));
    }

    [Fact]
    public void Escape_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => TableKey.Escape(null!));
    }

    [Theory]
    [InlineData("Megan Bowen", "megan bowen")]
    [InlineData("  MEGAN    bowen ", "megan bowen")]
    [InlineData("Megan\tBowen\n", "megan bowen")]
    [InlineData("MeganB@Contoso.com", "meganb@contoso.com")]
    [InlineData("R&D / Delivery", "r&d %2F delivery")]
    public void Normalize_ignores_case_and_spacing_and_stays_a_valid_key(string value, string expected)
    {
        Assert.Equal(expected, TableKey.Normalize(value));
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task An_escaped_id_works_as_partition_and_row_key_in_table_storage(string id)
    {
        var service = await AzuriteStorage.WithTablesAsync(TestTable);
        var table = service.GetTableClient(TestTable);
        var partition = TableKey.Escape($"{id}|{Guid.NewGuid():N}");
        var row = TableKey.Escape(id);

        await table.AddEntityAsync(new TableEntity(partition, row) { ["Original"] = id });

        var stored = await table.GetEntityAsync<TableEntity>(partition, row);
        Assert.Equal(id, stored.Value.GetString("Original"));
        Assert.Equal(row, stored.Value.RowKey);
        Assert.Equal(partition, stored.Value.PartitionKey);
    }

    private static bool IsForbiddenInKey(char c) => c is '/' or '\\' or '#' or '?' || char.IsControl(c);
}
