//! The SDK's Backend API client (`leptos_clerk::server::ClerkClient`) against the local instance,
//! over real HTTP: an organization's life, from creation with a first member to deletion.

mod support;

use leptos_clerk::server::{ClerkClient, ClerkError, OrganizationParams};
use serde_json::json;
use support::Server;

#[tokio::test]
async fn the_backend_client_runs_an_organization_from_creation_to_deletion() {
    let server = Server::start();
    let clerk = ClerkClient::new(server.url("/__clerk_local/api"), server.secret_key());
    let orgs = clerk.organizations();
    let (ada, _) = server.sign_in_new_user("Ada").await;
    let (grace, _) = server.sign_in_new_user("Grace").await;

    let mut params = OrganizationParams::named("Analytical Engines");
    params.created_by = Some(ada.clone());
    params.private_metadata = Some(json!({ "plan": "enterprise" }));
    assert!(
        !format!("{params:?}").contains("enterprise"),
        "private metadata never reaches a log line: {params:?}"
    );
    let created = orgs.create_organization(&params).await.unwrap();
    assert_eq!(created.slug.as_deref(), Some("analytical-engines"));
    assert_eq!(
        created.private_metadata,
        Some(json!({ "plan": "enterprise" }))
    );

    // Only the fields that are set change.
    let renamed = orgs
        .update_organization(
            &created.id,
            &OrganizationParams::named("Difference Engines"),
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "Difference Engines");
    assert_eq!(renamed.slug, created.slug);
    assert_eq!(renamed.private_metadata, created.private_metadata);

    let added = orgs
        .create_membership(&created.id, &grace, "org:member")
        .await
        .unwrap();
    assert_eq!(added.role, "org:member");
    let promoted = orgs
        .update_membership(&created.id, &grace, "org:admin")
        .await
        .unwrap();
    assert_eq!(
        (promoted.id.as_str(), promoted.role.as_str()),
        (added.id.as_str(), "org:admin")
    );
    let mut members: Vec<(String, String)> = orgs
        .list_memberships(&created.id, None, None)
        .await
        .unwrap()
        .into_iter()
        .map(|m| {
            let user_id = m.public_user_data.unwrap_or_default()["user_id"].clone();
            (user_id.as_str().unwrap_or_default().to_owned(), m.role)
        })
        .collect();
    members.sort();
    let mut expected = vec![
        (ada.clone(), "org:admin".to_owned()),
        (grace.clone(), "org:admin".to_owned()),
    ];
    expected.sort();
    assert_eq!(
        members, expected,
        "the creator is a member with the creator role"
    );

    let removed = orgs.delete_membership(&created.id, &grace).await.unwrap();
    assert_eq!(removed.id, added.id);
    let unknown_role = orgs
        .create_membership(&created.id, &grace, "org:pilot")
        .await
        .unwrap_err();
    assert_eq!(unknown_role.status(), Some(422), "{unknown_role}");

    let deleted = orgs.delete_organization(&created.id).await.unwrap();
    assert_eq!(
        (deleted.id.as_str(), deleted.deleted),
        (created.id.as_str(), true)
    );
    let gone = orgs.get_organization(&created.id).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone}");

    // Refused before any request is sent.
    let nameless = orgs
        .create_organization(&OrganizationParams::default())
        .await
        .unwrap_err();
    assert!(
        matches!(nameless, ClerkError::InvalidArgument(_)),
        "{nameless}"
    );
}
