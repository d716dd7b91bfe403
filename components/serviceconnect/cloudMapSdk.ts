/**
 * The Cloud Map API the namespace drain calls, through the AWS SDK, with the credentials the
 * stack's AWS provider uses: its region, its profile and the roles it assumes. Pulumi hands a
 * dynamic provider nothing of the stack's provider configuration, so without these the drain would
 * take the default credential chain and could talk to another account, where the namespace does
 * not exist and nothing would be drained.
 */
import type { AwsCredentialIdentityProvider } from "@aws-sdk/types";

/** The Cloud Map calls the drain needs; the AWS SDK in production, a fake in tests. */
export interface CloudMapApi {
    /** False when Cloud Map has no such namespace (NamespaceNotFound). */
    namespaceExists(namespaceId: string): Promise<boolean>;
    listServices(namespaceId: string): Promise<{ id: string; name: string }[]>;
    listInstances(serviceId: string): Promise<string[]>;
    deregisterInstance(serviceId: string, instanceId: string): Promise<void>;
    /** Deletes a service; rejects with an error named "ResourceInUse" while instances remain. */
    deleteService(serviceId: string): Promise<void>;
}

/** How to reach Cloud Map: never secrets, only what names where the credentials come from. */
export interface CloudMapAccess {
    /** Region of the namespace. */
    readonly region: string;
    /** The stack's `aws:profile`, if any. */
    readonly profile?: string;
    /** The stack's `aws:assumeRoles`, assumed in order. */
    readonly roleArns?: readonly string[];
    /** Tests only: a local Cloud Map and STS (moto), instead of AWS's endpoints. */
    readonly endpoint?: string;
}

/** The account in an ARN, such as a namespace's or an assumed role's. */
export function accountOfArn(arn: string): string {
    return arn.split(":")[4] ?? "";
}

/** The credentials the stack's provider would use: the profile (or the default chain), then each role in turn. */
async function credentialsFor(access: CloudMapAccess): Promise<{ provider: AwsCredentialIdentityProvider; account?: string }> {
    const { fromIni, fromNodeProviderChain, fromTemporaryCredentials } = await import("@aws-sdk/credential-providers");
    let provider: AwsCredentialIdentityProvider =
        access.profile === undefined ? fromNodeProviderChain() : fromIni({ profile: access.profile });
    for (const roleArn of access.roleArns ?? []) {
        provider = fromTemporaryCredentials({
            masterCredentials: provider,
            params: { RoleArn: roleArn, RoleSessionName: "yelb-namespace-drain" },
            clientConfig: { region: access.region, endpoint: access.endpoint },
        });
    }
    // The role's ARN names its account: the one whose namespace the drain may touch.
    const roles = access.roleArns ?? [];
    return { provider, account: roles.length === 0 ? undefined : accountOfArn(roles[roles.length - 1]) };
}

const errorName = (error: unknown) => (error as { name?: string } | undefined)?.name ?? "";

/** Cloud Map through the AWS SDK, as the stack's provider reaches it; `account` is known when a role was assumed. */
export async function sdkCloudMap(access: CloudMapAccess): Promise<CloudMapApi & { readonly account?: string }> {
    const sdk = await import("@aws-sdk/client-servicediscovery");
    const { provider, account } = await credentialsFor(access);
    const client = new sdk.ServiceDiscoveryClient({ region: access.region, credentials: provider, endpoint: access.endpoint });
    return {
        account,
        namespaceExists: async (namespaceId) => {
            try {
                await client.send(new sdk.GetNamespaceCommand({ Id: namespaceId }));
                return true;
            } catch (error) {
                if (errorName(error) === "NamespaceNotFound") {
                    return false;
                }
                throw error;
            }
        },
        listServices: async (namespaceId) => {
            const services: { id: string; name: string }[] = [];
            const filters = [{ Name: "NAMESPACE_ID" as const, Values: [namespaceId], Condition: "EQ" as const }];
            for await (const page of sdk.paginateListServices({ client }, { Filters: filters })) {
                services.push(...(page.Services ?? []).map((s) => ({ id: s.Id!, name: s.Name ?? s.Id! })));
            }
            return services;
        },
        listInstances: async (serviceId) => {
            const instances: string[] = [];
            for await (const page of sdk.paginateListInstances({ client }, { ServiceId: serviceId })) {
                instances.push(...(page.Instances ?? []).map((i) => i.Id!));
            }
            return instances;
        },
        deregisterInstance: async (serviceId, instanceId) => {
            await client.send(new sdk.DeregisterInstanceCommand({ ServiceId: serviceId, InstanceId: instanceId }));
        },
        deleteService: async (serviceId) => {
            await client.send(new sdk.DeleteServiceCommand({ Id: serviceId }));
        },
    };
}
