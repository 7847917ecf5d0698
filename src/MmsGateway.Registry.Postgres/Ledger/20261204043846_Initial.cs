using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MmsGateway.Registry.Postgres.Ledger
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Mm4Counters",
                columns: table => new
                {
                    Partner = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Direction = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Minute = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Mm4Counters", x => new { x.Partner, x.Direction, x.Minute, x.Name });
                });

            migrationBuilder.CreateTable(
                name: "Mm4HourCounters",
                columns: table => new
                {
                    Partner = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Direction = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Hour = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Mm4HourCounters", x => new { x.Partner, x.Direction, x.Hour, x.Name });
                });

            migrationBuilder.CreateTable(
                name: "Mm4Transactions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Partner = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Direction = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    IsResponse = table.Column<bool>(type: "boolean", nullable: false),
                    Type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TransactionId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    MessageId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    QueueId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Sender = table.Column<string>(type: "text", nullable: true),
                    Recipient = table.Column<string>(type: "text", nullable: true),
                    SenderKey = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    RecipientKey = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    AcceptedAt = table.Column<long>(type: "bigint", nullable: false),
                    HandedOverAt = table.Column<long>(type: "bigint", nullable: true),
                    Deadline = table.Column<long>(type: "bigint", nullable: true),
                    TimeoutMs = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    AckRequested = table.Column<bool>(type: "boolean", nullable: false),
                    ReportRequested = table.Column<bool>(type: "boolean", nullable: false),
                    ResponseStatus = table.Column<string>(type: "text", nullable: true),
                    ResponseText = table.Column<string>(type: "text", nullable: true),
                    ResponseAt = table.Column<long>(type: "bigint", nullable: true),
                    LatencyMs = table.Column<long>(type: "bigint", nullable: true),
                    ResponseQueueId = table.Column<string>(type: "text", nullable: true),
                    ReportStatus = table.Column<string>(type: "text", nullable: true),
                    ReportAt = table.Column<long>(type: "bigint", nullable: true),
                    ReportQueueId = table.Column<string>(type: "text", nullable: true),
                    Lint = table.Column<string>(type: "text", nullable: true),
                    LintPartner = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Mm4Transactions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Counters_Minute",
                table: "Mm4Counters",
                column: "Minute");

            migrationBuilder.CreateIndex(
                name: "IX_Mm4HourCounters_Hour",
                table: "Mm4HourCounters",
                column: "Hour");

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_AcceptedAt_Id",
                table: "Mm4Transactions",
                columns: new[] { "AcceptedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_LintPartner_AcceptedAt_Id",
                table: "Mm4Transactions",
                columns: new[] { "LintPartner", "AcceptedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_MessageId",
                table: "Mm4Transactions",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_Partner_AcceptedAt_Id",
                table: "Mm4Transactions",
                columns: new[] { "Partner", "AcceptedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_Partner_State_AcceptedAt_Id",
                table: "Mm4Transactions",
                columns: new[] { "Partner", "State", "AcceptedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_QueueId",
                table: "Mm4Transactions",
                column: "QueueId");

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_RecipientKey_AcceptedAt_Id",
                table: "Mm4Transactions",
                columns: new[] { "RecipientKey", "AcceptedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_SenderKey_AcceptedAt_Id",
                table: "Mm4Transactions",
                columns: new[] { "SenderKey", "AcceptedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_State_Deadline",
                table: "Mm4Transactions",
                columns: new[] { "State", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_Mm4Transactions_TransactionId_Partner",
                table: "Mm4Transactions",
                columns: new[] { "TransactionId", "Partner" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Mm4Counters");

            migrationBuilder.DropTable(
                name: "Mm4HourCounters");

            migrationBuilder.DropTable(
                name: "Mm4Transactions");
        }
    }
}
