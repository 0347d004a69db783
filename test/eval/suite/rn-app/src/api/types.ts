// Types of the REST API, for the compiler only: nothing here sends a request.
export interface Endpoints {
	'users.deleteOwnAccount': { POST: (params: { password: string }) => { success: boolean } }; // a POST body type $ Safe
	'livechat/visitor/:token': { GET: (params: { token: string }) => { visitor: unknown } }; // $ Safe
	'invites.use': { POST: (params: { token: string }) => { success: boolean } }; // $ Safe
}

export type Method = 'GET' | 'POST';
