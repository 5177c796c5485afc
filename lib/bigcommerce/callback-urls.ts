/** The app's BigCommerce callback URLs (Developer Portal → Technical), derived from its public origin. */
export function bigCommerceCallbackUrls(appUrl: string) {
  return {
    authCallbackUrl: `${appUrl}/api/bigcommerce/auth`,
    loadCallbackUrl: `${appUrl}/api/bigcommerce/load`,
    uninstallCallbackUrl: `${appUrl}/api/bigcommerce/uninstall`,
    removeUserCallbackUrl: `${appUrl}/api/bigcommerce/remove-user`,
  };
}
